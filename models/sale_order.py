from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The after-sales ticket whose repair this order bills.",
    )

    warranty_card_count = fields.Integer(
        compute="_compute_warranty_card_count", groups="after_sales.group_after_sales_user"
    )

    def _compute_warranty_card_count(self):
        counts = self.env["after_sales.warranty.card"]._count_by("sale_order_id", self)
        for order in self:
            order.warranty_card_count = counts.get(order, 0)

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain(
            [("sale_order_id", "=", self.id)]
        )

    def _action_confirm(self):
        result = super()._action_confirm()
        # after-sales branch: the orders of tickets' repairs only. Confirming a repair's
        # quotation is the customer's approval of its estimate (signed on the portal, or
        # confirmed by the service desk).
        for order in self.filtered("after_sales_ticket_id"):
            pending = order.sudo().repair_order_ids.filtered(  # sudo: repairs need stock rights
                lambda repair: not repair.estimate_approved_on
            )
            if pending:
                pending._after_sales_record_approval(
                    order.signed_by or order.partner_id.name,
                    "signature" if order.signature else "confirmed",
                )
        return result

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # after-sales branch: a quotation sent by email (see the helper)
        if self.env.context.get("mark_so_as_sent"):
            self._after_sales_mark_estimate_sent()
        return message

    def action_quotation_sent(self):
        result = super().action_quotation_sent()
        self._after_sales_mark_estimate_sent()
        return result

    def _after_sales_mark_estimate_sent(self):
        """The estimate of a ticket's repair counts as sent once its quotation is."""
        orders = self.filtered("after_sales_ticket_id")  # other orders: as in Odoo alone
        if not orders:
            return
        # sudo: whoever sends the quotation (a salesperson) dates the repair's estimate
        repairs = orders.sudo().repair_order_ids.filtered("after_sales_ticket_id")
        for repair in repairs.filtered(lambda repair: not repair.estimate_sent_on):
            repair.after_sales_ticket_id._after_sales_log(
                self.env._("Estimate %(order)s sent to the customer."),
                order=repair.sale_order_id,
            )
        if repairs:
            repairs.estimate_sent_on = fields.Datetime.now()

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.after_sales_ticket_id:  # after-sales branch: a ticket's invoice
            values["after_sales_ticket_id"] = self.after_sales_ticket_id.id
        return values

    def _after_sales_invoice(self):
        """Confirm and invoice what these orders have to invoice (one invoice per
        order), and open their invoices: pressing again makes none twice."""
        self.filtered(lambda order: order.state in ("draft", "sent")).action_confirm()
        to_invoice = self.filtered(lambda order: order.invoice_status == "to invoice")
        if to_invoice:
            to_invoice._create_invoices(grouped=True)
        invoices = self.invoice_ids.filtered(lambda move: move.state != "cancel")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", invoices.ids)]
        if len(invoices) == 1:
            action.update(views=[(False, "form")], res_id=invoices.id)
        return action

    def action_open_after_sales_ticket(self):
        self.ensure_one()
        return self.after_sales_ticket_id._get_records_action()
