from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.base.models.ir_actions_report import IrActionsReport
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SIGNATURE_PNG, AfterSalesCase, ServiceJobCase


# The visits of these tests are planned in the last week of November 2026: each class
# lives on the Monday of that week, so that "today", "past" and "planned" mean the same
# whatever day the suite runs on (test_contract.py does the same for its year).
@freeze_time("2026-11-23 07:00:00")
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
        # None: leave the field to its default (the customer's class)
        values = {key: value for key, value in values.items() if value is not None}
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

    def test_planner_queries_do_not_grow_with_the_plans(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Planned customer {n}", "is_company": True} for n in range(20)]
        )
        Plan = self.env["after_sales.visit.plan"]

        def schedule(partners):
            plans = Plan.with_user(self.manager).create(
                [
                    {
                        "name": f"Weekly {p.name}",
                        "partner_id": p.id,
                        "interval": 1,
                        "interval_unit": "weeks",
                        "team_id": self.team.id,
                        "user_id": self.technician.id,
                    }
                    for p in partners
                ]
            )
            self.env.invalidate_all()
            # as the scheduled action runs: chatter on (no "assigned to you" mail per visit)
            planner = Plan.with_context(tracking_disable=False, mail_notrack=False)
            visits, queries = self.count_queries(planner._cron_schedule_visits)
            self.assertEqual(visits.plan_id, plans)
            self.assertEqual(visits.message_partner_ids, self.technician.partner_id)
            return len(visits), queries

        few_visits, few = schedule(customers[:4])
        many_visits, many = schedule(customers[4:])
        self.assertEqual(many_visits, 4 * few_visits)
        self.assertLessEqual(many, few + 10, f"{few} queries for 4 plans, {many} for 16")

    def test_key_customers_are_visited_as_their_class_says(self):
        self.customer.after_sales_class = "B"
        plan = self._plan(interval=None, interval_unit=None)
        self.assertEqual((plan.interval, plan.interval_unit), (3, "months"))
        self.env["ir.config_parameter"].set_param("after_sales.visit_months_b", 2)
        self.customer.after_sales_class = "A"
        self.env["ir.config_parameter"].set_param("after_sales.visit_months_a", 1)
        self.assertEqual((plan.interval, plan.interval_unit), (1, "months"), "class changed")
        self.customer.after_sales_class = "B"
        self.assertEqual(plan.interval, 2, "the Settings' interval")
        weekly = self._plan(name="Weekly despite the class")
        self.assertEqual((weekly.interval, weekly.interval_unit), (1, "weeks"), "set by hand")

    def test_progress_against_the_promise_and_the_overview(self):
        plan = self._plan(next_date=fields.Date.today())
        visits = plan._cron_schedule_visits().filtered(lambda v: v.plan_id == plan)
        done = visits[0].with_user(self.technician)
        done.write({"no_signature_reason": "Nobody there to sign"})
        done.action_finish()
        this_year = visits.filtered(lambda v: v.planned_date.year == fields.Date.today().year)
        self.assertEqual(plan.visit_done_count, 1)
        self.assertEqual(plan.visit_planned_count, len(this_year) - 1)
        team = self.team.with_user(self.manager)
        today = visits.filtered(lambda v: v.planned_date == fields.Date.today())
        self.assertEqual(team.today_visit_count, len(today))
        self.assertEqual(team.overdue_visit_count, 0)
        action = team.with_context(visit_filter="overdue").action_open_visits()
        self.assertEqual(action["context"].get("search_default_filter_overdue"), 1)

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
        # the report is printed after the answer, by the scheduled action triggered now
        self.assertTrue(visit.report_pending)
        self.assertFalse(visit.message_ids.filtered(lambda m: self.customer in m.partner_ids))
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [("cron_id", "=", self.env.ref("after_sales.ir_cron_signed_documents").id)]
            )
        )
        self.env["after_sales.visit"]._cron_send_reports()
        self.assertFalse(visit.report_pending)
        report = visit.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(report), 1, "the report is mailed to the customer")
        self.assertTrue(report.attachment_ids, "with the report attached")
        self.assertIn(report, visit.website_message_ids, "and kept on the customer's portal")
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
                "signature": SIGNATURE_PNG,
                "signed_by": "Jane Customer",
            }
        )
        signed.with_user(self.technician).action_finish()
        self.assertEqual((signed.state, signed.signed_by), ("done", "Jane Customer"))
        self.assertTrue(signed.signed_on)

    def test_a_server_without_wkhtmltopdf_still_finishes_visits(self):
        """Odoo refuses to print PDFs without wkhtmltopdf: the visit is finished and
        mailed all the same, without the attachment, and the chatter says why."""
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "team_id": self.team.id,
                "date_start": datetime(2026, 11, 25, 9),
            }
        )
        self.env.company.email = "service@company.test"
        mine = visit.with_user(self.technician).with_context(force_report_rendering=True)
        mine.write({"no_signature_reason": "Customer away"})
        mine.action_finish()
        with patch.object(IrActionsReport, "get_wkhtmltopdf_state", return_value="install"):
            self.env["after_sales.visit"].with_context(
                force_report_rendering=True
            )._cron_send_reports()
        self.assertEqual(visit.state, "done")
        mailed = visit.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(mailed), 1, "the report is mailed to the customer")
        self.assertFalse(mailed.attachment_ids, "without a PDF nobody could print")
        self.assertTrue(
            visit.message_ids.filtered(lambda m: "wkhtmltopdf is installed" in (m.body or "")),
            "the chatter says why the report is not attached",
        )

    def test_bad_plans_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "repeat every 1 to"), self.env.cr.savepoint():
            self._plan(interval=0)
        with self.assertRaisesRegex(ValidationError, "last some time"), self.env.cr.savepoint():
            self._plan(duration=0)
        self.assertFalse(self.env["after_sales.visit.plan"].search([("name", "=", "Weekly check")]))


@freeze_time("2026-11-23 07:00:00")
@tagged("post_install", "-at_install")
class TestVisitWork(ServiceJobCase):
    """The technician's visit: parts from the van and labour through the add-on's own
    flows, the report showing them, and the planner's warnings."""

    def _visit(self, **values):
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("user_id", self.technician.id)
        values.setdefault("team_id", self.team.id)
        values.setdefault("date_start", datetime(2026, 11, 25, 9))
        return self.env["after_sales.visit"].with_user(self.manager).create(values)

    def test_parts_from_the_van_and_labour_on_a_visit(self):
        van = self._van("Van TOM")
        self.technician.after_sales_van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 3)
        unit = self._lots(self.serial_product, 1, prefix="VIS")
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Unit care",
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "line_ids": [Command.create({"product_id": unit.product_id.id, "lot_id": unit.id})],
            }
        )
        contract.with_user(self.manager).action_confirm()
        caretaker = self.env["res.partner"].create(
            {"name": "Caretaker Carl", "parent_id": self.customer.id, "phone": "+32 2 555 01 02"}
        )
        visit = self._visit(
            lot_ids=[Command.set(unit.ids)], contact_id=caretaker.id, contract_id=contract.id
        )
        self.assertEqual(visit.phone, "+32 2 555 01 02", "the contact's phone")
        mine = visit.with_user(self.technician)
        mine.action_start()
        mine.check_ids[0].result = "ok"

        colleague = new_test_user(
            self.env,
            login="as_colleague_parts",
            groups="base.group_user,after_sales.group_after_sales_user",
        )
        with self.assertRaises(AccessError):
            visit.with_user(colleague).action_onsite_parts()
        wizard = Form.from_action(mine.env, mine.action_onsite_parts())
        self.assertEqual(wizard.location_id, van, "the technician's van")
        with wizard.line_ids.new() as line:
            line.product_id = self.filter
            line.quantity = 2
        wizard.save().action_confirm()
        picking = visit.parts_picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse._after_sales_parts_type())
        self.assertEqual(picking.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertFalse(picking.after_sales_ticket_id)
        self.assertEqual(self._on_hand_at(self.filter, van), 1.0)
        self.assertEqual(visit.parts_move_ids.product_id, self.filter)
        self.assertEqual(visit.parts_move_ids.quantity, 2.0)

        Labour = self.env["after_sales.labour.line"].with_user(self.technician)
        with self.assertRaisesRegex(ValidationError, "must be positive"), self.env.cr.savepoint():
            Labour.create({"visit_id": visit.id, "hours": -1})
        with (
            self.assertRaisesRegex(ValidationError, "ticket, a repair or a visit"),
            self.env.cr.savepoint(),
        ):
            Labour.create({"hours": 1})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Labour.with_user(colleague).create({"visit_id": visit.id, "hours": 1})
        labour = Labour.create({"visit_id": visit.id, "hours": 1.5, "name": "Coil cleaned"})
        self.assertEqual((labour.company_id, labour.team_id), (self.company, self.team))
        self.assertFalse(labour.is_billable, "a visit's work is paid by its contract or plan")
        self.assertEqual(visit.labour_hours, 1.5)
        for persona in (self.technician, self.manager):
            form = Form(visit.with_user(persona))  # every field of the form readable
            self.assertEqual(len(form.parts_move_ids), 1)
        self.assertEqual(Form(contract.with_user(self.accountant)).name, "Unit care")

        mine.write({"signature": SIGNATURE_PNG, "signed_by": "Jane Customer"})
        self.env.company.email = "service@company.test"
        mine.action_finish()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_visit", visit.ids)[0]
            .decode()
        )
        for text in (
            "Parts used",
            "Air filter",
            "Labour",
            "Coil cleaned",
            "01:30",
            unit.name,
            "Caretaker Carl",
            mine.check_ids[0].name,
        ):
            self.assertIn(text, html)
        self.env["after_sales.visit"]._cron_send_reports()
        mailed = visit.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(mailed), 1, "the report is mailed to the customer")
        # (test mode renders mail attachments as HTML; the PDF itself is printed above)
        self.assertIn(visit.number, mailed.attachment_ids.name, "the report attached")

        action = mine.action_open_ticket()
        ticket = (
            self.env["after_sales.ticket"]
            .with_user(self.technician)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((ticket.visit_id, ticket.lot_id), (visit, unit), "about the unit seen")
        self.assertEqual((ticket.contract_id, ticket.category), (contract, "B"))
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("after_sales.report_visit", visit.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf printed it")
        with self.assertRaisesRegex(UserError, "is closed"):
            Form.from_action(mine.env, mine.action_onsite_parts()).save().action_confirm()
        self.assertEqual(len(visit.parts_picking_ids), 1, "nothing more taken")

    def test_double_booking_and_overdue_visits(self):
        first = self._visit(duration=2)
        overlapping = self._visit(date_start=datetime(2026, 11, 25, 10))
        later = self._visit(date_start=datetime(2026, 11, 25, 11))
        self.assertIn(overlapping.display_name, first.booking_warning)
        self.assertIn(first.display_name, overlapping.booking_warning)
        self.assertIn("Technician Tom", overlapping.booking_warning)
        self.assertFalse(later.booking_warning, "starts when the first ends")
        overlapping.with_user(self.manager).action_cancel()
        first.invalidate_recordset(["booking_warning"])
        self.assertFalse(first.booking_warning, "a cancelled visit books nobody")

        with freeze_time("2026-11-25 11:30"):
            Visit = self.env["after_sales.visit"]
            first.invalidate_recordset(["is_overdue"])
            self.assertTrue(first.is_overdue, "planned to end at 11:00, not started")
            self.assertFalse(later.is_overdue, "planned to end at noon")
            overdue = Visit.search([("is_overdue", "=", True), ("id", "in", (first | later).ids)])
            self.assertEqual(overdue, first)

    def test_visits_stay_in_their_company(self):
        other_team = self.env["after_sales.team"].create(
            {"name": "Other team", "company_id": self.other_company.id}
        )
        Visit = self.env["after_sales.visit"].with_user(self.manager)
        count = Visit.search_count([])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._visit(team_id=other_team.id)
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Other company's maintenance",
                "partner_id": self.customer.id,
                "company_id": self.other_company.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._visit(contract_id=contract.id)
        self.assertEqual(Visit.search_count([]), count, "nothing written")
