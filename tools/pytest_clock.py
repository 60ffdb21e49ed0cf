"""A pytest plugin that starts the suite's clock at a given moment.

``make test-dates`` runs ``make test`` with ``AFTER_SALES_TEST_CLOCK=2027-12-31T23:30:00``,
which loads this plugin (``-p pytest_clock``): the clock starts at that moment and
ticks (freezegun), to prove the suite passes on the dates where dates bite (year and
month ends, 29 February, a Sunday, a daylight-saving change).
"""

import os

from freezegun import freeze_time

CLOCK_VARIABLE = "AFTER_SALES_TEST_CLOCK"


def pytest_configure(config):
    moment = os.environ.get(CLOCK_VARIABLE)
    if moment:
        config.after_sales_clock = freeze_time(moment, tick=True)
        config.after_sales_clock.start()
        print(f"The suite runs with its clock started at {moment} ({CLOCK_VARIABLE}).")


def pytest_unconfigure(config):
    clock = getattr(config, "after_sales_clock", None)
    if clock:
        clock.stop()
