from odoo import fields, models

from .selections import CHECK_RESULTS


class AfterSalesVisitCheck(models.Model):
    _name = "after_sales.visit.check"
    _description = "Visit Checklist Line"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one("after_sales.visit", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="visit_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    result = fields.Selection(CHECK_RESULTS, required=True, default="to_check")
    note = fields.Char()
