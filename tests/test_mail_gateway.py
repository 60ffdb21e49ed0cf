from odoo.tests import tagged

from .common import AfterSalesCase

INCOMING = """Return-Path: <jane@customer.test>
From: Jane Customer <jane@customer.test>
To: {to}
Subject: {subject}
Message-ID: {message_id}
{extra}Date: Mon, 23 Nov 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


@tagged("post_install", "-at_install")
class TestMailGateway(AfterSalesCase):
    track_changes = True  # checks the chatter, tracking and stage emails

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alias_domain = cls.env["mail.alias.domain"].create({"name": "service.test"})
        cls.company.alias_domain_id = alias_domain
        cls.team.write({"alias_name": "workshop-test", "alias_domain_id": alias_domain.id})

    def _receive(self, subject, message_id, body, extra=""):
        raw = INCOMING.format(
            to="workshop-test@service.test",
            subject=subject,
            message_id=message_id,
            extra=extra,
            body=body,
        )
        return self.env["mail.thread"].message_process(None, raw)

    def test_email_creates_ticket_and_reply_threads(self):
        self.assertEqual(self.team.alias_email, "workshop-test@service.test")
        ticket_id = self._receive(
            "My dryer smells burnt", "<first@customer.test>", "It started yesterday."
        )
        ticket = self.env["after_sales.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.name, "My dryer smells burnt")
        self.assertIn("It started yesterday.", ticket.description)
        self.assertTrue(ticket.number.startswith("AS/"))

        # the acknowledgement of the stage "New" goes to the customer, from the run
        # its creation triggered
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertTrue(ticket.acknowledgement_pending)
        self.env["after_sales.ticket"]._cron_send_acknowledgements()
        self.assertFalse(ticket.acknowledgement_pending)
        acknowledgement = self.env["mail.mail"].search(
            [("model", "=", "after_sales.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn(ticket.number, acknowledgement.subject)
        self.assertIn(self.customer, acknowledgement.recipient_ids)

        tickets_before = self.env["after_sales.ticket"].search_count([])
        reply_id = self._receive(
            "Re: My dryer smells burnt",
            "<second@customer.test>",
            "Photos attached tomorrow.",
            extra="In-Reply-To: <first@customer.test>\nReferences: <first@customer.test>\n",
        )
        self.assertEqual(reply_id, ticket.id, "the reply lands in the same ticket")
        self.assertEqual(self.env["after_sales.ticket"].search_count([]), tickets_before)
        self.assertIn("Photos attached tomorrow.", ticket.message_ids[0].body)
        self.assertFalse(ticket.response_date, "the customer's own reply is not a response")

    def test_unknown_sender_keeps_contact_data(self):
        raw = INCOMING.format(
            to="workshop-test@service.test",
            subject="Broken handle",
            message_id="<stranger@nowhere.test>",
            extra="",
            body="Hello",
        ).replace("Jane Customer <jane@customer.test>", "Pedro Stranger <pedro@nowhere.test>")
        ticket = self.env["after_sales.ticket"].browse(
            self.env["mail.thread"].message_process(None, raw)
        )
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.partner_email, "pedro@nowhere.test")
        self.assertEqual(ticket.partner_name, "Pedro Stranger")
