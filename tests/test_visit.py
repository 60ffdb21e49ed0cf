from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AfterSalesCase
from .test_onsite import ONE_PIXEL_PNG


@tagged("post_install", "-at_install")
class TestVisits(AfterSalesCase):
    """Visit plans create visits over the horizon; technicians work and sign them off."""

    def _plan(self, **values):
        values.setdefault("name", "Weekly check")
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("interval", 1)
        values.setdefault("interval_unit", "weeks")
        values.setdefault("next_date", date(2026, 11, 23))
        values.setdefault("team_id", self.team.id)
        values.setdefault("user_id", self.technician.id)
        return self.env["after_sales.visit.plan"].with_user(self.manager).create(values)

    def test_plan_creates_visits_for_the_horizon_once(self):
        plan = self._plan()
        with freeze_time("2026-11-23"):
            visits = self.env["after_sales.visit.plan"]._cron_schedule_visits()
            self.assertEqual(
                sorted(visits.mapped("planned_date")),
                [date(2026, 11, 23) + timedelta(weeks=n) for n in range(5)],
                "every week for 30 days",
            )
            self.assertEqual(plan.next_date, date(2026, 12, 28), "moved past the horizon")
            self.assertEqual(set(visits.mapped("user_id")), {self.technician})
            self.assertTrue(visits[0].number.startswith("VS/2026/"))
            plan.next_date = date(2026, 11, 23)  # as if the plan were edited back
            again = self.env["after_sales.visit.plan"]._cron_schedule_visits()
            self.assertFalse(again, "never twice for the same plan and day")
        self.assertEqual(plan.visit_count, 5)

    def test_contract_with_visits_gets_its_plan(self):
        lot = self.env["stock.lot"].create(
            {
                "name": "PLAN-1",
                "product_id": self.env["product.product"]
                .create({"name": "Chiller", "is_storable": True, "tracking": "serial"})
                .id,
            }
        )
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Chiller care",
                "partner_id": self.customer.id,
                "date_start": date.today(),
                "date_end": date.today() + timedelta(days=364),
                "visits_per_year": 4,
                "line_ids": [(0, 0, {"product_id": lot.product_id.id, "lot_id": lot.id})],
            }
        )
        contract.with_user(self.manager).action_confirm()
        plan = self.env["after_sales.visit.plan"].search([("contract_id", "=", contract.id)])
        self.assertEqual((plan.interval, plan.interval_unit), (3, "months"), "4 a year")

    def test_missed_visits_warn_the_leader(self):
        self._plan(next_date=date(2026, 11, 20))
        with freeze_time("2026-11-20"):
            visit = self.env["after_sales.visit.plan"]._cron_schedule_visits()[:1]
        with freeze_time("2026-11-21 06:00"):
            missed = self.env["after_sales.visit"]._cron_mark_missed()
        self.assertEqual(missed, visit)
        self.assertEqual(visit.state, "missed")
        self.assertEqual(visit.activity_ids.user_id, self.manager, "the team leader")

    def test_finishing_needs_a_signature_or_a_reason(self):
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "team_id": self.team.id,
                "date_start": datetime(2026, 11, 25, 9),
            }
        )
        colleague = new_test_user(
            self.env,
            login="as_colleague",
            groups="base.group_user,after_sales.group_after_sales_user",
        )
        with self.assertRaises(AccessError):
            visit.with_user(colleague).action_finish()
        with self.assertRaises(AccessError):
            visit.with_user(colleague).action_cancel()
        self.assertEqual(visit.state, "planned")
        mine = visit.with_user(self.technician)
        self.assertIn("Filters cleaned or replaced", visit.check_ids.mapped("name"))
        self.assertEqual(set(visit.check_ids.mapped("result")), {"to_check"})
        mine.check_ids[0].write({"result": "ok"})
        mine.check_ids[1].write({"result": "not_ok", "note": "Pressure low"})
        mine.action_start()
        self.assertEqual(visit.state, "in_progress")
        with self.assertRaisesRegex(UserError, "needs the customer's signature"):
            mine.action_finish()
        self.assertEqual(visit.state, "in_progress", "nothing written")
        mine.write({"findings": "<p>Filters cleaned</p>", "no_signature_reason": "Customer away"})
        self.env.company.email = "service@company.test"
        mine.action_finish()
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.date_done)
        report = visit.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(report), 1, "the report is mailed to the customer")
        self.assertTrue(report.attachment_ids, "with the report attached")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_visit", visit.ids)[0]
            .decode()
        )
        for text in (visit.number, "Filters cleaned", "Customer away", "Pressure low", "Not OK"):
            self.assertIn(text, html)

        action = mine.action_open_ticket()
        ticket = (
            self.env["after_sales.ticket"]
            .with_user(self.technician)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((ticket.visit_id, ticket.channel), (visit, "visit"))
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertIn("Filters cleaned", ticket.description)
        self.assertEqual(visit.ticket_count, 1)

        signed = visit.copy({"date_start": datetime(2026, 11, 26, 9)})
        signed.with_user(self.technician).write(
            {
                "signature": ONE_PIXEL_PNG,
                "signed_by": "Jane Customer",
            }
        )
        signed.with_user(self.technician).action_finish()
        self.assertEqual((signed.state, signed.signed_by), ("done", "Jane Customer"))
        self.assertTrue(signed.signed_on)

    def test_bad_plans_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "one or more weeks"), self.env.cr.savepoint():
            self._plan(interval=0)
        with self.assertRaisesRegex(ValidationError, "last some time"), self.env.cr.savepoint():
            self._plan(duration=0)
        self.assertFalse(self.env["after_sales.visit.plan"].search([("name", "=", "Weekly check")]))
