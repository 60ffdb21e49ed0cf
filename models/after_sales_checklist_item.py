from odoo import fields, models

from .selections import VISIT_PURPOSES


class AfterSalesChecklistItem(models.Model):
    _name = "after_sales.checklist.item"
    _description = "Visit Checklist Item"
    _order = "purpose, sequence, id"

    name = fields.Char(string="Check", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    purpose = fields.Selection(
        VISIT_PURPOSES,
        required=True,
        default="maintenance",
        index=True,
        help="Visits of this purpose get this check on their checklist.",
    )
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to use the check in every company."
    )
