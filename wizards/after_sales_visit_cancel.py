from odoo import fields, models
from odoo.exceptions import UserError


class AfterSalesVisitCancel(models.TransientModel):
    _name = "after_sales.visit.cancel"
    _description = "Cancel a Visit in Progress"

    visit_ids = fields.Many2many("after_sales.visit", string="Visits", required=True)
    reason = fields.Text(required=True, help="Why the visit stops: kept in its chatter.")

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the visit is cancelled."))
        return self.visit_ids.with_context(after_sales_cancel_reason=self.reason).action_cancel()
