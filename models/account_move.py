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

    def action_open_after_sales_ticket(self):
        self.ensure_one()
        return self.after_sales_ticket_id._get_records_action()
