from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestSla(AfterSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["after_sales.sla.policy"].create(
            {
                "name": "Workshop: 4h answer, 16h fix",
                "team_id": cls.team.id,
                "ticket_type": "repair",
                "response_hours": 4,
                "resolution_hours": 16,
            }
        )

    def test_friday_afternoon_deadline_in_working_hours(self):
        # 2026-11-20 is a Friday: 1 hour on Friday (16-17), 3 on Monday (8-11).
        ticket = self._create_ticket(date_open=self.dt("2026-11-20 16:00"))
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(ticket.response_deadline, self.dt("2026-11-23 11:00"))
        # 16 hours: 1 on Friday, 8 on Monday, 7 on Tuesday (8-12, 13-16).
        self.assertEqual(ticket.resolution_deadline, self.dt("2026-11-24 16:00"))

    def test_global_leave_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": self.dt("2026-11-23 00:00"),
                "date_to": self.dt("2026-11-23 23:59"),
            }
        )
        ticket = self._create_ticket(date_open=self.dt("2026-11-20 16:00"))
        self.assertEqual(ticket.response_deadline, self.dt("2026-11-24 11:00"))

    def test_complaint_targets_round_the_clock(self):
        complaint = self._create_ticket(
            ticket_type="complaint", date_open=self.dt("2026-11-20 16:00")
        )
        self.assertEqual(complaint.sla_policy_id, self.env.ref("after_sales.sla_policy_complaint"))
        self.assertEqual(complaint.response_deadline, self.dt("2026-11-21 16:00"))
        self.assertEqual(complaint.resolution_deadline, self.dt("2026-12-20 16:00"))

    def test_most_specific_policy_wins(self):
        urgent_policy = self.env["after_sales.sla.policy"].create(
            {
                "name": "Urgent repairs",
                "team_id": self.team.id,
                "ticket_type": "repair",
                "priority": "3",
                "response_hours": 1,
            }
        )
        ticket = self._create_ticket(date_open=self.dt("2026-11-23 09:00"))
        self.assertEqual(ticket.sla_policy_id, self.policy)
        ticket.priority = "3"
        self.assertEqual(ticket.sla_policy_id, urgent_policy)
        self.assertEqual(ticket.response_deadline, self.dt("2026-11-23 10:00"))
        ticket.ticket_type = "installation"
        self.assertEqual(
            ticket.sla_policy_id,
            self.env.ref("after_sales.sla_policy_answer_4h"),
            "the shared default policy applies when no team policy matches",
        )

    def test_pause_in_waiting_stage_pushes_deadline(self):
        with freeze_time("2026-11-23 08:00"):
            ticket = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))
            self.assertEqual(ticket.resolution_deadline, self.dt("2026-11-24 17:00"))
        with freeze_time("2026-11-23 10:00"):
            ticket.stage_id = self.stage_waiting_customer
            self.assertTrue(ticket.is_sla_paused)
        with freeze_time("2026-11-24 10:00"):
            ticket.stage_id = self.stage_in_progress
        # Paused Monday 10-12, 13-17 and Tuesday 8-10: 8 working hours.
        self.assertAlmostEqual(ticket.sla_paused_working_hours, 8.0)
        self.assertAlmostEqual(ticket.sla_paused_hours, 24.0)
        self.assertEqual(ticket.resolution_deadline, self.dt("2026-11-25 17:00"))
        self.assertEqual(ticket.response_date, self.dt("2026-11-23 10:00"))

    def test_status_transitions(self):
        with freeze_time("2026-11-23 08:00"):
            ticket = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))
            self.assertEqual(ticket.response_status, "ongoing")
            self.assertEqual(ticket.resolution_status, "ongoing")
            self.assertEqual(ticket.sla_deadline, self.dt("2026-11-23 12:00"))
        with freeze_time("2026-11-23 09:30"):
            ticket.with_user(self.technician).message_post(
                body="We will come tomorrow morning.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertEqual(ticket.response_date, self.dt("2026-11-23 09:30"))
            self.assertEqual(ticket.response_status, "reached")
            self.assertEqual(ticket.sla_deadline, ticket.resolution_deadline)
        with freeze_time("2026-11-23 11:00"):
            ticket.message_post(body="Internal note", subtype_xmlid="mail.mt_note")
        with freeze_time("2026-11-26 09:00"):
            ticket.stage_id = self.stage_solved
            self.assertEqual(ticket.date_closed, self.dt("2026-11-26 09:00"))
            self.assertEqual(ticket.resolution_status, "failed", "solved after the deadline")
            self.assertTrue(ticket.sla_failed)
            self.assertFalse(ticket.sla_deadline)

    def test_internal_note_is_not_a_response(self):
        with freeze_time("2026-11-23 08:00"):
            ticket = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))
            ticket.message_post(body="Checked the stock", subtype_xmlid="mail.mt_note")
            self.assertFalse(ticket.response_date)
            self.assertEqual(ticket.response_status, "ongoing")

    def test_watchdog_marks_failed_once(self):
        with freeze_time("2026-11-23 08:00"):
            late = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))
            in_time = self._create_ticket(
                date_open=self.dt("2026-11-23 08:00"), name="Answered in time"
            )
            in_time.stage_id = self.stage_in_progress
            paused = self._create_ticket(
                date_open=self.dt("2026-11-23 08:00"), stage_id=self.stage_waiting_customer.id
            )
            self.assertEqual(late.response_status, "ongoing")
        with freeze_time("2026-11-23 13:00"):
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertEqual(late.response_status, "failed")
            self.assertTrue(late.sla_failed)
            self.assertEqual(in_time.response_status, "reached")
            self.assertEqual(paused.response_status, "reached")
            activities = late.activity_ids
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.manager, "the team leader is warned")
            self.assertEqual(activities.activity_type_id.name, "SLA Failed")
            self.assertNotIn(
                self.manager.partner_id,
                late.message_partner_ids,
                "the digest warns the leader, not every later message of the ticket",
            )
            self.assertFalse(in_time.activity_ids)
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertEqual(late.activity_ids, activities, "a second run creates nothing")
            self.team.invalidate_recordset()
            self.assertEqual(self.team.sla_failed_ticket_count, 1)

    def test_watchdog_waits_for_someone_to_warn(self):
        orphan_team = self.env["after_sales.team"].create({"name": "No leader yet"})
        with freeze_time("2026-11-23 08:00"):
            late = self._create_ticket(
                date_open=self.dt("2026-11-23 08:00"), team_id=orphan_team.id
            )
        with freeze_time("2026-11-25 13:00"):
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertTrue(late.sla_failed)
            self.assertFalse(late.activity_ids, "nobody to warn")
            self.assertFalse(late.sla_failure_notified)
            orphan_team.leader_id = self.manager
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertEqual(late.activity_ids.user_id, self.manager)
            self.assertTrue(late.sla_failure_notified)

    def test_paused_ticket_not_failed_by_watchdog(self):
        with freeze_time("2026-11-23 08:00"):
            ticket = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))
        with freeze_time("2026-11-23 08:30"):
            ticket.stage_id = self.stage_waiting_customer
        with freeze_time("2026-11-24 17:30"):
            self.env["after_sales.ticket"]._cron_sla_watchdog()
            self.assertEqual(ticket.resolution_status, "ongoing")
            self.assertFalse(ticket.activity_ids)

    def test_negative_hours_refused(self):
        policies = self.env["after_sales.sla.policy"]
        count = policies.search_count([])
        with self.assertRaises(ValidationError) as error:
            policies.create({"name": "Broken", "response_hours": -4})
        self.assertIn("cannot be negative", str(error.exception))
        self.assertEqual(policies.search_count([]), count)
        with self.assertRaises(ValidationError):
            self.policy.resolution_hours = -1
        self.assertEqual(self.policy.resolution_hours, 16)

    def test_bulk_deadlines_match_single_planning(self):
        starts = [
            f"2026-11-{day:02d} {hour:02d}:00" for day in (20, 21, 23) for hour in (7, 12, 16)
        ]
        tickets = self.env["after_sales.ticket"].create(
            [
                {"name": start, "team_id": self.team.id, "date_open": self.dt(start)}
                for start in starts
            ]
        )
        for ticket in tickets:
            expected = self.calendar.plan_hours(4, ticket.date_open, compute_leaves=True)
            self.assertEqual(ticket.response_deadline, fields.Datetime.to_datetime(expected))
