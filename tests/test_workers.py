"""Several workers on one database: real, separate transactions (as two HTTP workers
or a worker and the cron would run them), committed, then cleaned up."""

from contextlib import closing, contextmanager
from datetime import timedelta

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestSeveralWorkers(TransactionCase):
    """What two requests (or a request and the daily job) do at once to one record
    ends as if they had run one after the other, with no error shown to anyone."""

    def setUp(self):
        super().setUp()
        self.connection = db_connect(self.env.cr.dbname)
        self.cleanups = []

    def tearDown(self):
        with closing(self.connection.cursor()) as cleanup:
            env = api.Environment(cleanup, SUPERUSER_ID, {})
            for model, ids in reversed(self.cleanups):
                env[model].browse(ids).exists().sudo().unlink()
            cleanup.commit()
        super().tearDown()

    @contextmanager
    def transaction(self):
        """A separate transaction as superuser that gives up waiting on a lock after a
        few seconds (a regression fails instead of hanging the suite)."""
        with closing(self.connection.cursor()) as cr:
            cr.execute("SET lock_timeout = '5s'")
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _committed(self, model, vals_list):
        with self.transaction() as env:
            records = env[model].create(vals_list)
            env.cr.commit()
            self.cleanups.append((model, records.ids))
            return records.ids

    def test_confirming_a_contract_while_the_fee_job_runs(self):
        """A manager confirms a contract while the daily job bills the running ones: the
        confirmation bills its own contract only, and a run that finds a period billed
        meanwhile takes it as billed: one fee invoice per period, no error."""
        today = fields.Date.context_today(self.env["res.users"])
        (partner_id,) = self._committed("res.partner", [{"name": "Two Workers Ltd"}])
        (fee_id,) = self._committed(
            "product.product", [{"name": "Monthly fee (workers)", "type": "service"}]
        )
        category_id = self.env.ref("product.product_category_all").id
        running_id, draft_id = self._committed(
            "after_sales.contract",
            [
                {
                    "name": name,
                    "partner_id": partner_id,
                    "state": state,
                    "date_start": today - relativedelta(months=months),
                    "date_end": today + relativedelta(months=6),
                    "billing_period": "monthly",
                    "fee_product_id": fee_id,
                    "fee_amount": 50.0,
                    "line_ids": [Command.create({"categ_id": category_id})],
                }
                for name, state, months in (("Running", "running", 2), ("Signed", "draft", 1))
            ],
        )
        Move = "account.move"
        try:
            with (
                self.transaction() as job,
                self.transaction() as manager,
                self.transaction() as late_job,
            ):
                manager.cr.execute("SELECT 1")  # both snapshots predate the job's commit
                late_job.cr.execute("SELECT 1")
                contracts = job["after_sales.contract"].browse([running_id, draft_id])
                contracts._cron_update_states()
                manager["after_sales.contract"].browse(draft_id).action_confirm()
                manager.cr.commit()
                job.cr.commit()
                # a second run on a snapshot without the first run's invoices
                billed = (
                    late_job["after_sales.contract"].browse(running_id)._invoice_due_fees(today)
                )
                self.assertFalse(billed, "the periods billed meanwhile are taken as billed")
                late_job.cr.commit()
            with self.transaction() as check:
                moves = check[Move].search(
                    [("after_sales_contract_id", "in", [running_id, draft_id])]
                )
                self.cleanups.append((Move, moves.ids))
                periods = sorted(
                    (move.after_sales_contract_id.id, move.after_sales_fee_period_start)
                    for move in moves
                )
                self.assertEqual(len(periods), len(set(periods)), "one invoice per period")
                self.assertEqual(
                    [contract_id for contract_id, _period in periods].count(running_id), 3
                )
                self.assertEqual(
                    [contract_id for contract_id, _period in periods].count(draft_id), 2
                )
                self.assertEqual(check["after_sales.contract"].browse(draft_id).state, "running")
        finally:
            with self.transaction() as cleanup:
                moves = cleanup[Move].search(
                    [("after_sales_contract_id", "in", [running_id, draft_id])]
                )
                self.cleanups.append((Move, moves.ids))

    def test_two_technicians_finish_one_visit_at_once(self):
        """Both press Finish: the second one's transaction fails to serialize, which
        Odoo retries, and the retry is told the visit is finished; one report goes out,
        printed after the answer by the scheduled action."""
        (partner_id,) = self._committed("res.partner", [{"name": "Visited Twice Ltd"}])
        (visit_id,) = self._committed(
            "after_sales.visit",
            [
                {
                    "partner_id": partner_id,
                    "date_start": fields.Datetime.now() - timedelta(hours=1),
                    "state": "planned",
                    "no_signature_reason": "Customer away",
                }
            ],
        )
        with self.transaction() as env:
            env["after_sales.visit"].browse(visit_id).action_start()
            env.cr.commit()
        with self.transaction() as first, self.transaction() as second:
            second.cr.execute("SELECT 1")  # its snapshot predates the first's commit
            first["after_sales.visit"].browse(visit_id).action_finish()
            first.cr.commit()
            with (
                self.assertRaises(psycopg2.errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                second["after_sales.visit"].browse(visit_id).action_finish()
                second.flush_all()
            second.cr.rollback()
            with self.assertRaisesRegex(UserError, "cannot be finished"):  # Odoo's retry
                second["after_sales.visit"].browse(visit_id).action_finish()
            second.cr.rollback()
        with self.transaction() as cron:
            cron["after_sales.visit"]._cron_send_reports()
            cron["after_sales.visit"]._cron_send_reports()  # a second run sends nothing
            cron.cr.commit()
        with self.transaction() as check:
            visit = check["after_sales.visit"].browse(visit_id)
            self.assertEqual(visit.state, "done")
            reports = visit.message_ids.filtered(lambda m: m.attachment_ids)
            self.assertEqual(len(reports), 1, "one report")
            self.cleanups.append(("mail.message", visit.message_ids.ids))
