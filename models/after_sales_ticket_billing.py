"""Service tickets: labour, on-site parts, the ticket's sale order and invoices, costs."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    invoice_ids = fields.One2many(
        "account.move",
        "after_sales_ticket_id",
        string="Invoices",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    invoice_count = fields.Integer(
        compute="_compute_invoice_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    labour_line_ids = fields.One2many("after_sales.labour.line", "ticket_id", string="Labour")
    onsite_sale_order_id = fields.Many2one(
        "sale.order",
        string="On-site Work Order",
        copy=False,
        readonly=True,
        help="The sale order billing the labour and parts of this ticket's on-site work.",
    )
    # stored for the tickets analysis; valued when the parts are used, so that a new
    # purchase price does not rewrite the cost of every past job
    parts_cost = fields.Monetary(
        compute="_compute_service_costs",
        compute_sudo=True,
        store=True,
        help="Spare parts of the ticket's repairs and used on site, at their cost, billed or not.",
    )
    labour_cost = fields.Monetary(
        compute="_compute_service_costs",
        compute_sudo=True,
        store=True,
        help="Labour hours of the ticket at the labour product's cost, billed or not.",
    )
    onsite_to_invoice = fields.Boolean(
        string="On-site Work to Invoice",
        compute="_compute_onsite_to_invoice",
        compute_sudo=True,
        help="Billable on-site labour or parts not invoiced yet.",
    )

    @api.depends(
        "repair_ids.move_ids.product_uom_qty",
        "repair_ids.move_ids.state",
        "labour_line_ids.cost",
        "picking_ids.state",
        "picking_ids.move_ids.quantity",
    )
    def _compute_service_costs(self):
        for ticket in self:
            onsite_parts = ticket._onsite_parts_moves()
            ticket.parts_cost = sum(ticket.repair_ids.mapped("parts_cost")) + sum(
                move.quantity * move.product_id.standard_price for move in onsite_parts
            )
            ticket.labour_cost = sum(ticket.labour_line_ids.mapped("cost"))

    @api.depends(
        "category",
        "labour_line_ids.sale_line_id",
        "labour_line_ids.is_billable",
        "picking_ids.state",
        "onsite_sale_order_id.invoice_status",
    )
    def _compute_onsite_to_invoice(self):
        policy = self.env["after_sales.billing.policy"]
        for ticket in self:
            ticket.onsite_to_invoice = bool(
                ticket.id
                and not policy._is_internal(ticket.category)
                and (
                    ticket._onsite_billable_labour()
                    or ticket._onsite_billable_parts()
                    or ticket.onsite_sale_order_id.invoice_status == "to invoice"
                )
            )

    def _compute_invoice_count(self):
        counts = self._linked_counts("account.move")
        for ticket in self:
            ticket.invoice_count = counts.get(ticket, 0)

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_onsite_parts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spare Parts Used on Site"),
            "res_model": "after_sales.onsite.parts",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_invoice_onsite_work(self):
        """Bill the on-site labour and parts not billed yet, through the ticket's
        sale order; pressing it again opens the existing invoices."""
        self.ensure_one()
        policy = self.env["after_sales.billing.policy"]
        policy._check_invoicer()
        policy._check_invoiceable(self.category, self.display_name)
        # sudo: accountants bill on-site work whose transfers, labour and sale order they
        # may neither read in full nor edit; who may invoice was checked above
        ticket = self.sudo()
        ticket._quote_onsite_work()
        order = ticket.onsite_sale_order_id.filtered(lambda o: o.state != "cancel")
        if not order:
            raise UserError(
                self.env._(
                    "Nothing to bill on %s: no billable on-site labour or part (repairs are "
                    "invoiced from their repair order).",
                    self.display_name,
                )
            )
        return order._after_sales_invoice()

    def _quote_onsite_work(self):
        """Put the on-site labour and parts not quoted yet on the ticket's on-site
        quotation (created when needed): the voucher the customer signs shows what they
        pay, and the invoice bills the same lines."""
        # sudo: technicians record the work; its quotation is priced by the billing
        # policy as the accountant will invoice it, whoever asks for the voucher
        for ticket in self.sudo():
            labour = ticket._onsite_billable_labour()
            parts = ticket._onsite_billable_parts()
            if not (labour or parts):
                continue
            order = ticket.onsite_sale_order_id.filtered(lambda o: o.state != "cancel")
            if not order:
                order = ticket.env["sale.order"].create(ticket._prepare_onsite_sale_order_values())
                ticket._write_flow({"onsite_sale_order_id": order.id})
            ticket._add_onsite_lines(order, labour, parts)

    def _onsite_parts_moves(self):
        """The parts used on site for this ticket (done moves of its parts transfers)."""
        return self.picking_ids.filtered(
            lambda p: p.after_sales_goods_flow == "parts" and p.state == "done"
        ).move_ids.filtered(lambda move: move.state == "done")

    def _onsite_billable_parts(self):
        """Parts used on site not billed yet, on jobs the customer pays for."""
        if not self.env["after_sales.billing.policy"]._line_billable(self.category):
            return self.env["stock.move"]
        return self._onsite_parts_moves().filtered(lambda move: not move.sale_line_id)

    def _onsite_billable_labour(self):
        """Billable labour outside repairs not billed yet."""
        return self.labour_line_ids.filtered(
            lambda line: not line.repair_id and line.is_billable and not line.sale_line_id
        )

    def _prepare_onsite_sale_order_values(self):
        """Values of the sale order that bills the ticket's on-site work (a hook)."""
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "after_sales_ticket_id": self.id,
            "client_order_ref": self.number,
            "origin": self.number,
        }

    def _add_onsite_lines(self, order, labour, parts):
        """Add billable labour and parts to the on-site order, priced by the policy."""
        lines = self.env["sale.order.line"].create(
            [
                {
                    "order_id": order.id,
                    "after_sales_onsite": True,
                    "product_id": line.product_id.id,
                    "product_uom_qty": line.hours,
                    "name": line.name or line.product_id.display_name,
                }
                for line in labour
            ]
            + [
                {
                    "order_id": order.id,
                    "after_sales_onsite": True,
                    "product_id": move.product_id.id,
                    "product_uom_qty": move.quantity,
                    "move_ids": [Command.link(move.id)],
                }
                for move in parts
            ]
        )
        labour_lines = lines[: len(labour)]
        for labour_line, sale_line in zip(labour, labour_lines, strict=True):
            labour_line.sale_line_id = sale_line
        self.env["after_sales.billing.policy"]._price_sale_lines(
            self,
            [(line, "labour", True) for line in labour_lines]
            + [(line, "part", True) for line in lines[len(labour) :]],
        )

    def _job_billing_category(self):
        """A ticket's parts and labour are billed by its own category."""
        self.ensure_one()
        return self.category
