import importlib.util
import pathlib
from contextlib import closing

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ServiceJobCase

MIGRATIONS = pathlib.Path(__file__).resolve().parent.parent / "migrations"


def load_migration(version, name):
    """The migration script ``migrations/<version>/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(
        f"after_sales_migration_{name}", MIGRATIONS / version / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestNumbering(ServiceJobCase):
    """Every after-sales document is numbered by after_sales.numbered.mixin."""

    def _sequence(self, code):
        return self.env["ir.sequence"].create(
            {
                "name": code,
                "code": code,
                "company_id": self.company.id,
                "prefix": "T/%(range_year)s/%(month)s/",
                "padding": 4,
                "use_date_range": True,
            }
        )

    def _constraint_exists(self, model):
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM pg_constraint WHERE conname = %s",
                f"{self.env[model]._table}_number_company_uniq",
            )
        )
        return bool(self.env.cr.fetchone())

    def test_batch_draw_gives_what_ir_sequence_gives(self):
        """The batch draw of models/ir_sequence.py reads Odoo's own storage of
        numbers: for the same dates it must give what ir.sequence itself gives, so
        that an Odoo upgrade changing that storage breaks this test, not numbering."""
        today = fields.Date.today()
        dates = [
            today,
            today + relativedelta(years=1),
            today,
            today - relativedelta(months=1),
            today + relativedelta(years=1, months=2),
        ]
        ours, odoos = self._sequence("after_sales.test_ours"), self._sequence("test_odoos")
        drawn = ours._after_sales_next_numbers(dates)
        expected = [odoos._next(sequence_date=date) for date in dates]
        self.assertEqual(drawn, expected)
        self.assertEqual(
            sorted(ours.date_range_ids.mapped("date_from")),
            sorted(odoos.date_range_ids.mapped("date_from")),
        )
        self.assertEqual(len(set(drawn)), len(drawn))

    def test_every_document_is_numbered_per_company_and_year(self):
        ticket = self._ticket()
        card = self._manual_card()
        year = fields.Date.today().year
        self.assertRegex(ticket.number, rf"^AS/{year}/\d{{5}}$")
        self.assertRegex(card.number, rf"^WC/{year}/\d{{5}}$")
        self.assertEqual(ticket.display_name, f"{ticket.number} - {ticket.name}")
        self.assertEqual(card.display_name, card.number)
        next_year = self._manual_card(start_date=fields.Date.today() + relativedelta(years=1))
        self.assertTrue(next_year.number.startswith(f"WC/{year + 1}/"))
        for model in (
            "after_sales.ticket",
            "after_sales.warranty.card",
            "after_sales.contract",
            "after_sales.visit",
        ):
            self.assertIn(model, self.env["after_sales.numbered.mixin"]._inherit_children)
            self.assertTrue(self._constraint_exists(model), model)

    def test_a_card_number_is_unique_per_company(self):
        first, second = self._manual_card(), self._manual_card()
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            second.sudo().write({"number": first.number})
            second.flush_recordset()
        self.assertNotEqual(first.number, second.number)

    def test_an_older_database_upgrades_with_every_card_kept(self):
        """A database from before 18.0.1.1.0 may hold two cards of a company with one
        number: the migration suffixes the later one and the constraint is created;
        tickets, cards, contracts and visits keep their numbers."""
        ticket = self._ticket()
        cards = self._manual_card() | self._manual_card() | self._manual_card()
        self.env.flush_all()
        table = cards._table
        # the database as it was: no constraint, three cards sharing one number
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(f"{table}_number_company_uniq"),
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET number = %s WHERE id IN %s",
                SQL.identifier(table),
                cards[0].number,
                tuple(cards.ids),
            )
        )
        self.assertFalse(self._constraint_exists("after_sales.warranty.card"))
        before = {
            model: dict(
                self.env[model]
                .with_context(active_test=False)
                .search([])
                .mapped(lambda record: (record.id, record.number))
            )
            for model in ("after_sales.ticket", "after_sales.contract", "after_sales.visit")
        }
        card_count = self.env["after_sales.warranty.card"].search_count([])
        root = cards[0].number

        migration = load_migration("18.0.1.1.0", "pre-migrate")
        with self.assertLogs(migration.__name__, "WARNING"):
            migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.env["after_sales.warranty.card"]._add_sql_constraints()

        self.assertTrue(self._constraint_exists("after_sales.warranty.card"))
        self.assertEqual(self.env["after_sales.warranty.card"].search_count([]), card_count)
        self.assertEqual(cards.mapped("number"), [root, f"{root}-2", f"{root}-3"])
        for model, numbers in before.items():
            records = self.env[model].with_context(active_test=False).search([])
            self.assertEqual(dict(records.mapped(lambda r: (r.id, r.number))), numbers, model)
        self.assertIn(ticket.id, before["after_sales.ticket"])

    def test_two_requests_opening_a_year_draw_different_numbers(self):
        """The first numbers of a year drawn by two requests at once (real, separate
        transactions): the second fails to serialize, which Odoo retries, instead of
        opening the year a second time and drawing the first one's numbers."""
        code = "after_sales.test_race"
        company_id = self.env.company.id
        opened = fields.Date.today() + relativedelta(years=5)
        connection = db_connect(self.env.cr.dbname)

        def numbers(cr):
            company = api.Environment(cr, SUPERUSER_ID, {})["res.company"].browse(company_id)
            sequence = company._after_sales_sequences(code)[company]
            return sequence._after_sales_next_numbers([opened, opened])

        with closing(connection.cursor()) as setup:
            api.Environment(setup, SUPERUSER_ID, {})["ir.sequence"].create(
                {
                    "name": "Numbering race",
                    "code": code,
                    "company_id": company_id,
                    "prefix": "R/%(range_year)s/",
                    "padding": 3,
                    "use_date_range": True,
                }
            )
            setup.commit()
        try:
            with closing(connection.cursor()) as first, closing(connection.cursor()) as second:
                second.execute("SELECT 1")  # its snapshot predates the first's commit
                drawn_first = numbers(first)
                first.commit()
                with (
                    self.assertRaises(psycopg2.errors.SerializationFailure),
                    mute_logger("odoo.sql_db"),
                ):
                    numbers(second)
                second.rollback()
                drawn_second = numbers(second)  # Odoo's retry, on a fresh snapshot
                second.rollback()
            year = opened.year
            self.assertEqual(drawn_first, [f"R/{year}/001", f"R/{year}/002"])
            self.assertEqual(drawn_second, [f"R/{year}/003", f"R/{year}/004"])
        finally:
            with closing(connection.cursor()) as cleanup:
                api.Environment(cleanup, SUPERUSER_ID, {})["ir.sequence"].search(
                    [("code", "=", code)]
                ).unlink()
                cleanup.commit()
