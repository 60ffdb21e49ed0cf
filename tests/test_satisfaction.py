import re

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestComplaints(AfterSalesCase):
    """A complaint runs on three clocks; the solved email asks for a rating."""

    track_changes = True

    def test_three_complaint_clocks(self):
        with freeze_time("2026-11-02 09:00"):
            complaint = self._create_ticket(name="Late technician", ticket_type="complaint")
            self.assertEqual(complaint.complaint_ack_deadline, self.dt("2026-11-03 09:00"))
            self.assertEqual(complaint.complaint_plan_deadline, self.dt("2026-11-05 09:00"))
            self.assertEqual(complaint.complaint_resolve_deadline, self.dt("2026-12-02 09:00"))
            self.assertEqual(complaint.complaint_ack_status, "ongoing")
        with freeze_time("2026-11-03 10:00"):
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertEqual(complaint.complaint_ack_status, "failed", "not acknowledged in 24 h")
            failed = self.env["after_sales.ticket"]._read_group(
                [("id", "=", complaint.id)], ["complaint_ack_status"], ["__count"]
            )
            self.assertEqual(failed, [("failed", 1)], "stored for the SLA report")
            mine = complaint.with_user(self.technician)
            with self.assertRaisesRegex(UserError, "Write the analysis"):
                mine.action_submit_complaint_plan()
            self.assertFalse(complaint.complaint_plan_date, "nothing written")
            mine.complaint_plan = "<p>Two visits booked at the same hour; planner fixed.</p>"
            mine.action_submit_complaint_plan()
            self.assertEqual(complaint.complaint_plan_date, self.dt("2026-11-03 10:00"))
            self.assertEqual(complaint.complaint_plan_status, "reached", "within 72 h")
            self.assertEqual(complaint.complaint_resolve_status, "ongoing")
        with self.assertRaisesRegex(UserError, "not a complaint"):
            self._create_ticket().action_submit_complaint_plan()

        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(ValidationError, "cannot be due before"):
            settings.write({"after_sales_complaint_ack_hours": 80})
        self.env["res.config.settings"].create(
            {"after_sales_complaint_ack_hours": 12, "after_sales_complaint_plan_hours": 48}
        ).execute()
        with freeze_time("2026-11-02 09:00"):
            quicker = self._create_ticket(name="Invoice disputed", ticket_type="complaint")
        self.assertEqual(quicker.complaint_ack_deadline, self.dt("2026-11-02 21:00"))
        self.assertEqual(quicker.complaint_plan_deadline, self.dt("2026-11-04 09:00"))

    def test_solved_email_asks_for_a_rating(self):
        ticket = self._solved_ticket()
        body = self.env.ref("after_sales.mail_template_ticket_solved")._render_field(
            "body_html", ticket.ids
        )[ticket.id]
        self.assertIn(f"/rate/{ticket._rating_get_access_token()}/1", body)
        # Odoo's rating route takes 1, 3 and 5 only (another rate answers an error)
        rates = {int(rate) for rate in re.findall(r"/rate/[^/\"]+/(\d+)", body)}
        self.assertEqual(rates, {1, 3, 5}, "the email links valid rates only")


@tagged("post_install", "-at_install")
class TestRatings(HttpCase):
    """Customers rate through Odoo's public rating page; the sad face opens a
    complaint."""

    def test_rating_on_the_ticket_and_the_team(self):
        leader = new_test_user(
            self.env,
            login="rating_leader",
            groups="base.group_user,after_sales.group_after_sales_manager",
        )
        team = self.env["after_sales.team"].create({"name": "Rated team", "leader_id": leader.id})
        customer = self.env["res.partner"].create({"name": "Rating customer", "email": "r@c.test"})
        good, bad = self.env["after_sales.ticket"].create(
            [
                {"name": name, "partner_id": customer.id, "team_id": team.id}
                for name in ("Rated well", "Rated badly")
            ]
        )
        for ticket, rate in ((good, 5), (bad, 1)):
            token = ticket._rating_get_access_token()
            page = self.url_open(f"/rate/{token}/{rate}")
            self.assertEqual(page.status_code, 200)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            response = self.url_open(
                f"/rate/{token}/submit_feedback",
                data={"csrf_token": csrf, "rate": rate, "feedback": f"Rated {rate}"},
            )
            self.assertEqual(response.status_code, 200)
        self.assertEqual(good.rating_last_value, 5.0)
        self.assertFalse(good.complaint_ids)
        self.assertEqual(bad.rating_last_value, 1.0)
        complaint = bad.complaint_ids
        self.assertEqual(complaint.ticket_type, "complaint")
        self.assertIn("Rated 1", complaint.description, "the customer's words quoted")
        self.assertEqual(complaint.activity_ids.user_id, leader)
        team.invalidate_recordset()
        self.assertEqual(team.rating_count, 2)
        self.assertEqual(team.rating_percentage_satisfaction, 50)
        self.assertEqual(team.rating_avg, 3.0)
