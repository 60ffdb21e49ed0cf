import json
from unittest.mock import patch

from odoo.addons.base.models.ir_actions_report import IrActionsReport
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import BLANK_SIGNATURE_PNG, SIGNATURE_PNG, ServiceJobCase


@tagged("post_install", "-at_install")
class TestServiceVoucher(ServiceJobCase):
    """The technician gets the voucher signed on site; the money collected settles the
    job's invoice."""

    def setUp(self):
        super().setUp()
        self.cash = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", self.company.id)], limit=1
        )
        self.company.email = self.company.email or "service@company.test"
        self.customer.email = self.customer.email or "customer@example.com"

    def _billed_job(self):
        ticket = self._ticket(resolution="<p>Fan bearing replaced</p>")
        self.env["after_sales.labour.line"].with_user(self.technician).create(
            {"ticket_id": ticket.id, "hours": 2.0, "name": "On-site repair"}
        )
        return ticket

    def test_signed_on_the_form_and_paid_on_site(self):
        ticket = self._billed_job()
        action = ticket.with_user(self.accountant).action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.with_user(self.accountant).action_post()
        mine = ticket.with_user(self.technician)
        self.assertEqual(mine.voucher_amount_due, invoice.amount_total)

        with self.assertRaisesRegex(UserError, "needs the customer's signature"):
            mine.action_confirm_voucher()
        mine.voucher_signature = BLANK_SIGNATURE_PNG
        with self.assertRaisesRegex(UserError, "ask them to draw it"):
            mine.action_confirm_voucher()
        self.assertFalse(ticket.voucher_signed_on, "an empty drawing signs nothing")
        mine.write(
            {
                "voucher_signature": SIGNATURE_PNG,
                "voucher_signed_by": "Jane Customer",
                "voucher_payment_amount": 40.0,
            }
        )
        with self.assertRaisesRegex(UserError, "Say how the customer paid"):
            mine.action_confirm_voucher()
        mine.voucher_payment_amount = -5
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            mine.action_confirm_voucher()
        self.assertFalse(ticket.voucher_signed_on, "nothing written")
        Journal = self.env["account.journal"].with_user(self.technician)
        journals = Journal.name_search(self.cash.name)
        self.assertIn(self.cash.id, [journal_id for journal_id, _name in journals], "pickable")
        mine.write({"voucher_payment_amount": 40.0, "voucher_payment_journal_id": self.cash.id})
        mine.action_confirm_voucher()
        self.assertEqual(mine.voucher_payment_journal_id.display_name, self.cash.display_name)
        for persona in (self.technician, self.accountant, self.manager):
            form = Form(ticket.with_user(persona))  # every field of the form readable
            self.assertEqual(form.voucher_signed_by, "Jane Customer")

        self.assertTrue(ticket.voucher_signed_on)
        payment = ticket.voucher_payment_id
        self.assertEqual((payment.amount, payment.journal_id), (40.0, self.cash))
        self.assertEqual(ticket.voucher_amount_due, invoice.amount_total, "the total stays")
        self.assertAlmostEqual(ticket.voucher_balance_due, invoice.amount_total - 40.0)
        self.assertEqual(payment.reconciled_invoice_ids, invoice)
        self.assertEqual(invoice.payment_state, "partial", "reconciled with the job's invoice")
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 40.0)
        self.assertTrue(ticket.voucher_pdf_pending, "printed after the answer")
        self.env["after_sales.ticket"]._cron_send_signed_vouchers()
        self.assertFalse(ticket.voucher_pdf_pending)
        message = ticket.message_ids.filtered(lambda m: "Service voucher signed" in (m.body or ""))
        self.assertIn(self.customer, message.partner_ids, "mailed to the customer")
        self.assertTrue(message.attachment_ids.name.startswith("Service Voucher"))
        with self.assertRaisesRegex(UserError, "signed already"):
            mine.action_confirm_voucher()

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_service_voucher", ticket.ids)[0]
            .decode()
        )
        for text in (
            "Service Voucher",
            "Fan bearing replaced",
            "On-site repair",
            "Jane Customer",
            "Paid on site",
        ):
            self.assertIn(text, html)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("after_sales.report_service_voucher", ticket.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "printed with its signature by wkhtmltopdf")

    def test_a_server_without_wkhtmltopdf_still_takes_the_signature(self):
        ticket = self._billed_job()
        mine = ticket.with_user(self.technician).with_context(force_report_rendering=True)
        mine.write({"voucher_signature": SIGNATURE_PNG, "voucher_signed_by": "Jane Customer"})
        mine.action_confirm_voucher()
        with patch.object(IrActionsReport, "get_wkhtmltopdf_state", return_value="install"):
            self.env["after_sales.ticket"].with_context(
                force_report_rendering=True
            )._cron_send_signed_vouchers()
        self.assertTrue(ticket.voucher_signed_on, "signed all the same")
        message = ticket.message_ids.filtered(lambda m: "Service voucher signed" in (m.body or ""))
        self.assertIn(self.customer, message.partner_ids, "mailed to the customer")
        self.assertFalse(message.attachment_ids)
        self.assertIn("wkhtmltopdf is installed", message.body)

    def test_money_collected_before_the_invoice_settles_it_once_posted(self):
        ticket = self._billed_job()
        mine = ticket.with_user(self.technician)
        mine.write(
            {
                "voucher_signature": SIGNATURE_PNG,
                "voucher_payment_amount": 30.0,
                "voucher_payment_journal_id": self.cash.id,
            }
        )
        mine.action_confirm_voucher()
        self.assertEqual(ticket.voucher_payment_id.amount, 30.0)
        self.assertFalse(ticket.voucher_payment_id.reconciled_invoice_ids, "no invoice yet")
        action = ticket.with_user(self.accountant).action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 30.0)
        self.assertEqual(ticket.voucher_payment_id.reconciled_invoice_ids, invoice)

    def test_warranty_job_is_free_with_its_cost_shown(self):
        ticket = self._ticket(covered=True)
        self.env["after_sales.labour.line"].create({"ticket_id": ticket.id, "hours": 1.0})
        self.assertEqual(ticket.category, "C")
        self.assertEqual(ticket.voucher_amount_due, 0.0)
        self.assertEqual(ticket.voucher_cost_for_information, 20.0, "an hour at cost")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_service_voucher", ticket.ids)[0]
            .decode()
        )
        self.assertIn("Free of charge", html)
        self.assertIn("for information", html)


@tagged("post_install", "-at_install")
class TestVoucherSignedOnline(HttpCase):
    def test_customer_signs_online(self):
        customer = self.env["res.partner"].create(
            {"name": "Online Signer", "email": "sign@customer.test"}
        )
        new_test_user(
            self.env,
            login="portal_signer",
            password="portal_signer",
            groups="base.group_portal",
            partner_id=customer.id,
        )
        other = self.env["res.partner"].create({"name": "Someone Else"})
        ticket, others = self.env["after_sales.ticket"].create(
            [
                {"name": "Sign me", "partner_id": customer.id, "team_id": False},
                {"name": "Not yours", "partner_id": other.id},
            ]
        )
        self.env.company.email = self.env.company.email or "service@company.test"
        technician = new_test_user(
            self.env,
            login="voucher_technician",
            groups="base.group_user,after_sales.group_after_sales_user",
            email="tech@company.test",
        )
        ticket.user_id = technician
        if not self.env.company.after_sales_labour_product_id:
            self.env.company.after_sales_labour_product_id = self.env["product.product"].create(
                {"name": "Labour (hour)", "type": "service", "list_price": 40.0}
            )
        as_technician = ticket.with_user(technician)
        self.assertFalse(ticket.voucher_signable, "no work recorded: nothing to sign")
        with self.assertRaisesRegex(UserError, "nothing to sign"):
            as_technician.action_send_voucher_for_signature()
        self.env["after_sales.labour.line"].with_user(technician).create(
            {"ticket_id": ticket.id, "hours": 1.0, "name": "Filter cleaned"}
        )
        self.assertTrue(ticket.voucher_signable)
        sent = as_technician.action_send_voucher_for_signature()
        self.assertIn("sent for signature", sent["params"]["message"])
        self.assertTrue(ticket.voucher_sent_on)
        with self.assertRaisesRegex(UserError, "was sent for signature on"):
            as_technician.action_send_voucher_for_signature()
        self.assertEqual(ticket.voucher_amount_due, ticket.onsite_sale_order_id.amount_total)
        self.assertTrue(ticket.voucher_amount_due, "the voucher shows what the customer pays")
        mail = ticket.message_ids.filtered(lambda m: "please sign" in (m.subject or ""))
        self.assertEqual(len(mail), 1, "sent once")
        self.assertIn(f"/my/service-requests/{ticket.id}?access_token=", mail.body)
        self.assertIn(mail, ticket.website_message_ids, "the customer reads it on the portal")

        self.authenticate("portal_signer", "portal_signer")

        def sign(record, signature=SIGNATURE_PNG):
            return self.url_open(
                f"/my/service-requests/{record.id}/voucher/sign",
                data=json.dumps(
                    {"params": {"name": "Online Signer", "signature": signature.decode()}}
                ),
                headers={"Content-Type": "application/json"},
            ).json()["result"]

        self.assertIn("error", sign(others))
        self.assertIn("Draw your signature", sign(ticket, BLANK_SIGNATURE_PNG)["error"])
        self.assertFalse(ticket.voucher_signed_on, "an empty drawing signs nothing")
        self.assertFalse(others.voucher_signed_on)
        result = sign(ticket)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(ticket.voucher_signed_by, "Online Signer")
        self.assertTrue(ticket.voucher_signed_on)
        self.env["after_sales.ticket"]._cron_send_signed_vouchers()
        self.assertTrue(
            ticket.message_ids.attachment_ids.filtered(
                lambda a: a.name.startswith("Service Voucher")
            )
        )
        self.assertIn("error", sign(ticket), "once only")
