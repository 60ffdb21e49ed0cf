"""A pytest plugin that starts the suite's clock at a given moment.

``make test-dates`` runs ``make test`` with ``AFTER_SALES_TEST_CLOCK=2027-12-31T23:30:00``,
which loads this plugin (``-p pytest_clock``): the clock starts at that moment and
ticks (freezegun), to prove the suite passes on the dates where dates bite (year and
month ends, 29 February, a Sunday, a daylight-saving change).
"""

import os
from datetime import datetime

from freezegun import freeze_time

from odoo import sql_db

CLOCK_VARIABLE = "AFTER_SALES_TEST_CLOCK"


def _python_now(cursor):
    """The transaction's timestamp from the frozen clock, as Odoo's test cursor gives it
    (PostgreSQL's own clock cannot be moved)."""
    if cursor._now is None:
        cursor._now = datetime.now()
    return cursor._now


def pytest_configure(config):
    moment = os.environ.get(CLOCK_VARIABLE)
    if moment:
        config.after_sales_clock = freeze_time(moment, tick=True)
        config.after_sales_clock.start()
        # one clock for the whole run: create_date and write_date too come from it
        config.after_sales_cursor_now = sql_db.Cursor.now
        sql_db.Cursor.now = _python_now
        print(f"The suite runs with its clock started at {moment} ({CLOCK_VARIABLE}).")


def pytest_collection_modifyitems(config, items):
    """Browser tours keep the browser's own clock, which cannot be moved with the
    server's: they are left out of a moved-clock run, saying so."""
    if not getattr(config, "after_sales_clock", None):
        return
    tours = [item for item in items if "/tests/test_tour.py" in str(item.fspath)]
    if tours:
        config.hook.pytest_deselected(items=tours)
        items[:] = [item for item in items if item not in tours]
        print(
            f"Left out of this run: the {len(tours)} browser tours of test_tour.py "
            "(the browser keeps its own clock)."
        )


def pytest_unconfigure(config):
    clock = getattr(config, "after_sales_clock", None)
    if clock:
        sql_db.Cursor.now = config.after_sales_cursor_now
        clock.stop()
