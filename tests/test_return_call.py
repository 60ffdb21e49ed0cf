from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestReturnCalls(AfterSalesCase):
    """Closing schedules the return call; what the customer says is recorded, and a
    dissatisfied customer opens a complaint."""

    track_changes = True

    def test_return_call_scheduled_when_solved(self):
        return_call = self.env.ref("after_sales.mail_activity_type_return_call")
        ticket = self._solved_ticket()
        due = fields.Date.context_today(ticket) + timedelta(days=3)
        self.assertEqual(ticket.return_call_date, due)
        activity = ticket.activity_ids.filtered(lambda a: a.activity_type_id == return_call)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.technician, due))

        cancelled = self._create_ticket(user_id=self.technician.id)
        cancelled.stage_id = self.env.ref("after_sales.stage_cancelled")
        self.assertFalse(cancelled.return_call_date, "a cancelled request gets no call")

        self.team.with_user(self.manager).write(
            {"return_call_days": 5, "return_call_mode": "visit"}
        )
        visited = self._solved_ticket()
        visit = self.env["after_sales.visit"].search(
            [("partner_id", "=", self.customer.id), ("purpose", "=", "return_visit")]
        )
        self.assertEqual(visit.user_id, self.technician)
        self.assertEqual(visit.planned_date, fields.Date.context_today(visited) + timedelta(days=5))
        self.assertFalse(visited.activity_ids.filtered(lambda a: a.activity_type_id == return_call))

        self.team.with_user(self.manager).return_call_days = 0
        self.assertFalse(self._solved_ticket().return_call_date, "none when the team says so")

    def test_return_call_outcome_and_complaint(self):
        happy = self._solved_ticket()
        happy.with_user(self.technician).write(
            {"return_call_outcome": "satisfied", "return_call_note": "All good"}
        )
        self.assertEqual(happy.return_call_done_on, fields.Date.context_today(happy))
        self.assertFalse(happy.activity_ids, "the return call is done")
        self.assertFalse(happy.complaint_ids)

        unhappy = self._solved_ticket(name="Noisy again")
        unhappy.with_user(self.technician).return_call_outcome = "not_satisfied"
        complaint = unhappy.complaint_ids
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            (complaint.ticket_type, complaint.partner_id, complaint.complaint_user_id),
            ("complaint", self.customer, self.technician),
        )
        self.assertEqual(complaint.activity_ids.user_id, self.manager, "the team leader is told")
        self.assertEqual(unhappy.complaint_count, 1)
        with self.assertRaisesRegex(AccessError, "Only after-sales managers judge"):
            complaint.with_user(self.technician).complaint_justified = True
        self.assertFalse(complaint.complaint_justified, "nothing written")
        complaint.with_user(self.manager).write(
            {
                "complaint_justified": True,
                "complaint_followup": "training",
                "complaint_followup_date": fields.Date.today(),
            }
        )
        self.assertEqual(self.technician.with_user(self.manager).after_sales_complaint_count, 1)
        action = self.technician.with_user(self.manager).action_view_after_sales_complaints()
        self.assertEqual(self.env["after_sales.ticket"].search(action["domain"]), complaint)
        grouped = self.env["after_sales.ticket"]._read_group(
            [("return_call_done_on", "!=", False), ("id", "in", (happy | unhappy).ids)],
            ["return_call_done_on:month", "return_call_outcome"],
            ["__count"],
        )
        self.assertEqual(len(grouped), 2, "searchable and grouped by month and outcome")


@tagged("post_install", "-at_install")
class TestKeyCustomerReturnCalls(AfterSalesCase):
    def test_key_customers_called_at_their_class_rhythm(self):
        salesperson = new_test_user(self.env, login="as_key_sales", groups="base.group_user")
        key_a, key_b = self.env["res.partner"].create(
            [
                {
                    "name": "Key A Co",
                    "is_company": True,
                    "after_sales_class": "A",
                    "user_id": salesperson.id,
                },
                {"name": "Key B Co", "is_company": True, "after_sales_class": "B"},
            ]
        )
        self.env["ir.config_parameter"].set_param("after_sales.return_call_every_b", "never")
        # a rhythm typed by hand that is none of the choices reads as its default
        self.env["ir.config_parameter"].set_param("after_sales.return_call_every_a", "fortnight")
        self.assertEqual(
            self.env["res.config.settings"]._after_sales_setting("after_sales_return_call_every_a"),
            "monthly",
        )
        Partner = self.env["res.partner"]
        with freeze_time("2026-11-02"):
            called = Partner._cron_key_customer_return_calls()
            self.assertIn(key_a, called)
            self.assertNotIn(key_b, called, "class B is never called in these settings")
            activity = key_a.activity_ids
            self.assertEqual(
                activity.activity_type_id,
                self.env.ref("after_sales.mail_activity_type_return_call"),
            )
            self.assertEqual(activity.user_id, salesperson)
            self.assertEqual(key_a.after_sales_next_return_call, fields.Date.to_date("2026-12-02"))
            self.assertNotIn(key_a, Partner._cron_key_customer_return_calls(), "once per period")
        with freeze_time("2026-12-02"):
            self.assertIn(key_a, Partner._cron_key_customer_return_calls(), "a month later")
