"""Service tickets: the maintenance contract that covers the unit (category B), its SLA
and its terms, and the visit whose finding opened the ticket."""

from odoo import api, fields, models


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    contract_id = fields.Many2one(
        "after_sales.contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The running maintenance contract covering the unit when the ticket opened.",
    )

    visit_id = fields.Many2one(
        "after_sales.visit",
        string="From Visit",
        index="btree_not_null",
        check_company=True,
        help="The visit whose finding opened this ticket.",
    )

    @api.depends("lot_id", "partner_id", "product_id", "date_open")
    def _compute_contract_id(self):
        tickets = self.filtered(lambda t: t.lot_id or (t.partner_id and t.product_id))
        lines = self.env["after_sales.contract.line"]
        if tickets:
            lines = lines.search(
                [
                    ("state", "in", ("running", "to_renew")),
                    "|",
                    ("lot_id", "in", tickets.lot_id.ids),
                    ("partner_id", "in", tickets.partner_id.commercial_partner_id.ids),
                ]
            )
        for ticket in self:
            on = fields.Date.to_date(ticket.date_open) or fields.Date.context_today(ticket)
            covering = lines.filtered(
                lambda line, t=ticket, on=on: (
                    line.contract_id.date_start <= on <= line.contract_id.date_end
                    and line._covers(t)
                )
            )
            ticket.contract_id = covering[:1].contract_id

    def action_open_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action()

    def action_open_visit(self):
        self.ensure_one()
        return self.visit_id._get_records_action()
