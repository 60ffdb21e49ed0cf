from odoo import api, fields, models
from odoo.exceptions import AccessError

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
    from_template = fields.Boolean(
        readonly=True, help="From the purpose's checklist: only managers remove it."
    )

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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_checklist_items(self):
        if self.filtered("from_template") and not self.visit_id._is_visit_manager():
            raise AccessError(
                self.env._(
                    "The checks of the visit's checklist stay on it: set them to N/A, or ask "
                    "an after-sales manager to remove one."
                )
            )

    def _set_result(self, result):
        self.write({"result": result})
        return True

    # one tap on the phone: each result is a button of the line
    def action_result_ok(self):
        return self._set_result("ok")

    def action_result_not_ok(self):
        return self._set_result("not_ok")

    def action_result_na(self):
        return self._set_result("na")
