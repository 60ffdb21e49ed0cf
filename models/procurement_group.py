from odoo import fields, models


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        copy=False,
        help="The ticket whose replacement unit this group delivers: each transfer of "
        "the group (pick, pack, delivery) is linked to it when it is created.",
    )
    after_sales_claim_card_id = fields.Many2one(
        "after_sales.warranty.card",
        string="Replaced Card",
        copy=False,
        help="The card of the unit the group's delivery replaces.",
    )
