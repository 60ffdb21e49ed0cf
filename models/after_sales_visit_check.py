from odoo import api, fields, models

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

    @api.model_create_multi
    def create(self, vals_list):
        checks = super().create(vals_list)
        checks.visit_id._check_user_write_values({})  # who may change the visit
        return checks

    def write(self, vals):
        self.visit_id._check_user_write_values({})
        return super().write(vals)

    def unlink(self):
        self.visit_id._check_user_write_values({})
        return super().unlink()
