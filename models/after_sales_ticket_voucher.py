"""The service voucher of an on-site job: what was done, what it costs by category,
what was collected on the spot, signed by the customer on the technician's phone or
online; the signed PDF goes to the customer and the payment to the job's invoice."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from .notifications import notification
from .signatures import is_blank_signature

VOUCHER_REPORT = "after_sales.report_service_voucher"
# How many signed vouchers one run prints (the rest are left to the next run).
VOUCHER_BATCH = 100


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    voucher_signature = fields.Image(
        string="Customer Signature", copy=False, attachment=True, max_width=1024, max_height=1024
    )
    voucher_signed_by = fields.Char(string="Signed by", copy=False)
    voucher_signed_on = fields.Datetime(string="Signed on", copy=False, readonly=True)
    voucher_payment_amount = fields.Monetary(
        string="Collected on Site", copy=False, help="Paid by the customer to the technician."
    )
    voucher_payment_journal_id = fields.Many2one(
        "account.journal",
        string="Paid by",
        copy=False,
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
        help="Cash, or the bank journal of card and transfer payments.",
    )
    voucher_payment_id = fields.Many2one(
        "account.payment", string="Payment", copy=False, readonly=True
    )
    voucher_sent_on = fields.Datetime(
        string="Sent for Signature on",
        copy=False,
        readonly=True,
        help="When the customer was emailed the link to sign the voucher online.",
    )
    voucher_signable = fields.Boolean(
        string="Voucher to Sign",
        compute="_compute_voucher_signable",
        compute_sudo=True,
        help="Work is recorded on the voucher (labour, parts or a repair) and nobody signed "
        "it yet.",
    )
    voucher_pdf_pending = fields.Boolean(
        string="Signed Copy to Send",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Signed: the signed copy is still to be printed and mailed to the customer.",
    )
    voucher_amount_due = fields.Monetary(
        string="Total",
        compute="_compute_voucher_amounts",
        compute_sudo=True,
        help="What the customer pays for the job: its invoices, else its quotations.",
    )
    voucher_balance_due = fields.Monetary(
        string="Balance Due",
        compute="_compute_voucher_amounts",
        compute_sudo=True,
        help="The total less what was collected on site.",
    )
    voucher_cost_for_information = fields.Monetary(
        string="Cost (for information)",
        compute="_compute_voucher_amounts",
        compute_sudo=True,
        help="What a warranty job costs the company, shown to the customer for information.",
    )

    @api.depends("voucher_signed_on", "category", "labour_line_ids", "repair_ids", "parts_cost")
    def _compute_voucher_signable(self):
        policy = self.env["after_sales.billing.policy"]
        for ticket in self:
            ticket.voucher_signable = bool(
                not ticket.voucher_signed_on
                and not policy._is_internal(ticket.category)
                and (ticket.labour_line_ids or ticket.repair_ids or ticket.parts_cost)
            )

    @api.depends(
        "category",
        "invoice_ids.amount_total_signed",
        "parts_cost",
        "labour_cost",
        "repair_ids",
        "voucher_payment_amount",
    )
    def _compute_voucher_amounts(self):
        self._voucher_total_and_cost()
        for ticket in self:
            ticket.voucher_balance_due = max(
                ticket.voucher_amount_due - ticket.voucher_payment_amount, 0.0
            )

    def _voucher_total_and_cost(self):
        policy = self.env["after_sales.billing.policy"]
        for ticket in self:
            ticket.voucher_cost_for_information = (
                ticket.parts_cost + ticket.labour_cost
                if policy._is_warranty_work(ticket.category)
                else 0.0
            )
            if not policy._charges_in_full(ticket.category):
                ticket.voucher_amount_due = 0.0
                continue
            invoices = ticket.invoice_ids.filtered(
                lambda move: (
                    move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
                )
            )
            if invoices:
                ticket.voucher_amount_due = sum(invoices.mapped("amount_total_signed"))
            else:
                orders = (ticket.repair_ids.sale_order_id | ticket.onsite_sale_order_id).filtered(
                    lambda order: order.state != "cancel"
                )
                ticket.voucher_amount_due = sum(orders.mapped("amount_total"))

    def action_confirm_voucher(self):
        """The customer signed on the technician's phone: record what was collected,
        keep the signed voucher and mail it."""
        for ticket in self:
            if is_blank_signature(ticket.voucher_signature):
                raise UserError(
                    self.env._(
                        "The service voucher of %s needs the customer's signature: ask them "
                        "to draw it.",
                        ticket.display_name,
                    )
                )
            if ticket.voucher_signed_on:
                raise UserError(
                    self.env._("The service voucher of %s is signed already.", ticket.display_name)
                )
        self._check_voucher_payment()
        self._quote_onsite_work()
        self._voucher_signed()
        return True

    def action_send_voucher_for_signature(self):
        """Email the customer a link to read and sign the voucher online, once."""
        self.ensure_one()
        if not self.voucher_signable:
            raise UserError(
                self.env._(
                    "The service voucher of %s has nothing to sign: record the labour, parts "
                    "or repair first (or it is signed already).",
                    self.display_name,
                )
            )
        if self.voucher_sent_on:
            raise UserError(
                self.env._(
                    "The voucher of %(ticket)s was sent for signature on %(date)s: the "
                    "customer signs it from that email.",
                    ticket=self.display_name,
                    date=format_datetime(self.env, self.voucher_sent_on),
                )
            )
        if not self.partner_id.email:
            raise UserError(
                self.env._("%s has no email address to send the voucher to.", self.partner_id.name)
            )
        self._quote_onsite_work()  # the voucher shows what the customer pays
        template = self.env.ref("after_sales.mail_template_voucher_signature")
        self.message_post_with_source(
            template, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._write_flow({"voucher_sent_on": fields.Datetime.now()})
        return notification(
            self.env,
            self.env._("The voucher was sent for signature to %s.", self.partner_id.email),
        )

    def _check_voucher_payment(self):
        for ticket in self:
            if ticket.voucher_payment_amount < 0:
                raise UserError(self.env._("The amount collected on site cannot be negative."))
            if ticket.voucher_payment_amount and not ticket.voucher_payment_journal_id:
                raise UserError(
                    self.env._(
                        "Say how the customer paid the %(amount)s collected on %(ticket)s.",
                        amount=ticket.voucher_payment_amount,
                        ticket=ticket.display_name,
                    )
                )

    def _voucher_signed(self):
        """Stamp the signature and record the payment; the signed PDF is printed and
        mailed after the answer (wkhtmltopdf fetches its styles from this server, whose
        workers may all be busy, one with this request)."""
        now = fields.Datetime.now()
        for ticket in self:
            values = {"voucher_signed_on": now, "voucher_pdf_pending": True}
            if not ticket.voucher_signed_by:
                values["voucher_signed_by"] = ticket.partner_id.name
            ticket._write_flow(values)
            if ticket.voucher_payment_amount and not ticket.voucher_payment_id:
                ticket._write_flow({"voucher_payment_id": ticket._record_voucher_payment().id})
        self.env.ref("after_sales.ir_cron_signed_documents")._trigger()

    @api.model
    def _cron_send_signed_vouchers(self):
        """Print and mail the vouchers signed since the last run, each posted as the
        user who had it signed (the technician, or the customer online)."""
        # sudo: a technical run over every company's signed vouchers
        pending = self.sudo().search([("voucher_pdf_pending", "=", True)], limit=VOUCHER_BATCH)
        for user, tickets in pending.grouped("write_uid").items():
            signed = tickets.with_user(user).with_company(tickets.company_id[:1])
            # sudo: a customer who signed online posts their copy with the rights the
            # signing link gave them, as when they signed
            (signed.sudo() if user.share else signed)._send_signed_voucher()
        pending._write_flow({"voucher_pdf_pending": False})
        if len(pending) == VOUCHER_BATCH:
            self.env.ref("after_sales.ir_cron_signed_documents")._trigger()
        return pending

    def _send_signed_voucher(self):
        """Attach the signed PDF to the chatter and mail it to the customer."""
        for ticket in self:
            pdf = self.env["ir.actions.report"]._after_sales_pdf(VOUCHER_REPORT, ticket.ids)
            if pdf:
                body = self.env._(
                    "Service voucher signed by %(name)s. The signed copy is attached.",
                    name=ticket.voucher_signed_by,
                )
                attachments = [(self.env._("Service Voucher %s.pdf", ticket.number), pdf)]
            else:
                body = self.env._(
                    "Service voucher signed by %(name)s. The signed copy is not attached: "
                    "this server cannot print PDFs until wkhtmltopdf is installed. Print it "
                    "from the ticket then.",
                    name=ticket.voucher_signed_by,
                )
                attachments = []
            ticket.sudo().message_post(  # sudo: a customer signing online posts it too
                body=body,
                attachments=attachments,
                partner_ids=ticket.partner_id.ids if ticket.partner_id.email else [],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _record_voucher_payment(self):
        """The money collected on site, as a customer payment: reconciled with the job's
        open invoice, or kept for the invoice to come (reconciled when it is posted)."""
        self.ensure_one()
        # sudo: technicians collect the money; accountants see the payment it makes
        ticket = self.sudo()
        open_invoices = ticket.invoice_ids.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type == "out_invoice"
                and move.payment_state in ("not_paid", "partial")
            )
        )
        memo = self.env._("%s, collected on site", ticket.number)
        if open_invoices:
            return (
                ticket.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=open_invoices[:1].ids)
                .create(
                    {
                        "amount": ticket.voucher_payment_amount,
                        "journal_id": ticket.voucher_payment_journal_id.id,
                        "communication": memo,
                    }
                )
                ._create_payments()
            )
        payment = ticket.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": ticket.partner_id.commercial_partner_id.id,
                "amount": ticket.voucher_payment_amount,
                "journal_id": ticket.voucher_payment_journal_id.id,
                "memo": memo,
                "company_id": ticket.company_id.id,
            }
        )
        payment.action_post()
        return payment

    def _reconcile_voucher_payment(self, invoices):
        """A payment collected before the job's invoice existed settles it once posted."""
        for ticket in self.filtered("voucher_payment_id"):
            payment_lines = ticket.voucher_payment_id.move_id.line_ids.filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
            )
            for invoice in invoices.filtered(
                lambda move, ticket=ticket: move.after_sales_ticket_id == ticket
            ):
                for line in payment_lines:
                    invoice.js_assign_outstanding_line(line.id)
