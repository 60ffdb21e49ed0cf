from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The after-sales ticket this invoice or credit note settles.",
    )

    after_sales_repair_refs = fields.Char(
        string="Repairs",
        compute="_compute_after_sales_repair_refs",
        help="The repair orders this invoice bills, through its sale orders.",
    )
    after_sales_category = fields.Selection(
        related="after_sales_ticket_id.category", string="Service Category", store=True
    )
    after_sales_team_id = fields.Many2one(
        related="after_sales_ticket_id.team_id", string="Service Team", store=True
    )

    def _compute_after_sales_repair_refs(self):
        # sudo: accountants see which repairs they bill without Inventory rights
        for move in self:
            repairs = move.sudo().invoice_line_ids.sale_line_ids.order_id.repair_order_ids
            move.after_sales_repair_refs = ", ".join(repairs.mapped("name"))

    def button_cancel(self):
        result = super().button_cancel()
        for credit_note in self.filtered(
            lambda move: (
                move.state == "cancel"
                and move.move_type == "out_refund"
                and move.after_sales_ticket_id
            )
        ):
            # sudo: the accountant who cancels the credit note withdraws its refund
            ticket = credit_note.sudo().after_sales_ticket_id
            if ticket.guarantee_resolution == "refund":
                ticket._withdraw_guarantee(credit_note)
        return result

    def action_open_after_sales_ticket(self):
        self.ensure_one()
        return self.after_sales_ticket_id._get_records_action()
