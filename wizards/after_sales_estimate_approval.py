from odoo import fields, models
from odoo.exceptions import UserError

from ..models.selections import ESTIMATE_APPROVAL_METHODS


class AfterSalesEstimateApproval(models.TransientModel):
    _name = "after_sales.estimate.approval"
    _description = "Record a Customer's Approval of a Repair Estimate"

    repair_id = fields.Many2one("repair.order", required=True, ondelete="cascade")
    approved_by = fields.Char(required=True, help="Who approved the estimate for the customer.")
    method = fields.Selection(
        [item for item in ESTIMATE_APPROVAL_METHODS if item[0] != "confirmed"],
        string="How",
        required=True,
        default="phone",
    )

    def action_confirm(self):
        self.ensure_one()
        repair = self.repair_id
        if not repair.sale_order_id or not repair.estimate_sent_on:
            raise UserError(
                self.env._(
                    "Send the estimate of repair %s to the customer before recording "
                    "their approval.",
                    repair.name,
                )
            )
        approved_by = (self.approved_by or "").strip()
        if not approved_by:
            raise UserError(
                self.env._("Write who approved the estimate of repair %s.", repair.name)
            )
        repair._after_sales_record_approval(approved_by, self.method)
        if repair.sale_order_id.state in ("draft", "sent"):
            repair.sale_order_id.action_confirm()
        return {"type": "ir.actions.act_window_close"}
