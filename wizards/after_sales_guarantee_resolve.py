from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.selections import GUARANTEE_RESOLUTIONS


class AfterSalesGuaranteeResolve(models.TransientModel):
    _name = "after_sales.guarantee.resolve"
    _description = "Resolve a Ticket under the Three Guarantees"

    ticket_id = fields.Many2one("after_sales.ticket", required=True, ondelete="cascade")
    warranty_card_id = fields.Many2one(related="ticket_id.warranty_card_id")
    card_end_date = fields.Date(related="ticket_id.warranty_card_id.end_date")
    card_refund_until = fields.Date(related="ticket_id.warranty_card_id.refund_until")
    card_replace_until = fields.Date(related="ticket_id.warranty_card_id.replace_until")
    currency_id = fields.Many2one(related="ticket_id.currency_id")
    resolution = fields.Selection(
        GUARANTEE_RESOLUTIONS,
        required=True,
        compute="_compute_resolution",
        store=True,
        readonly=False,
    )
    repair_refusal = fields.Char(compute="_compute_refusals")
    replace_refusal = fields.Char(compute="_compute_refusals")
    refund_refusal = fields.Char(compute="_compute_refusals")
    is_manager = fields.Boolean(compute="_compute_refusals")
    needs_override = fields.Boolean(compute="_compute_refusals")
    override_reason = fields.Text(
        help="Required when a manager grants a guarantee the card's windows do not allow."
    )
    amount = fields.Monetary(string="Compensation", compute="_compute_amount")
    needs_approval = fields.Boolean(compute="_compute_amount")

    @api.depends("ticket_id", "resolution")
    def _compute_refusals(self):
        is_manager = self.env.user.has_group("after_sales.group_after_sales_manager")
        for wizard in self:
            refusals = wizard.ticket_id._guarantee_refusals() if wizard.warranty_card_id else {}
            wizard.repair_refusal = refusals.get("repair") or False
            wizard.replace_refusal = refusals.get("replace") or False
            wizard.refund_refusal = refusals.get("refund") or False
            wizard.is_manager = is_manager
            wizard.needs_override = bool(refusals.get(wizard.resolution))

    @api.depends("ticket_id")
    def _compute_resolution(self):
        """The first option the card allows; repair when none does."""
        for wizard in self:
            refusals = wizard.ticket_id._guarantee_refusals() if wizard.warranty_card_id else {}
            wizard.resolution = next(
                (option for option in ("repair", "replace", "refund") if not refusals.get(option)),
                "repair",
            )

    @api.depends("resolution", "ticket_id")
    def _compute_amount(self):
        is_manager = self.env.user.has_group("after_sales.group_after_sales_manager")
        for wizard in self:
            ticket = wizard.ticket_id
            wizard.amount = (
                ticket._guarantee_value(wizard.resolution)
                if wizard.resolution and ticket.warranty_card_id
                else 0.0
            )
            threshold = ticket.company_id.after_sales_approval_amount
            wizard.needs_approval = bool(
                not is_manager
                and threshold
                and wizard.currency_id.compare_amounts(wizard.amount, threshold) > 0
            )

    def action_confirm(self):
        self.ensure_one()
        if self.ticket_id.guarantee_state in ("to_approve", "done"):
            raise UserError(
                self.env._(
                    "Ticket %s already has a guarantee resolution.", self.ticket_id.display_name
                )
            )
        self.ticket_id._request_guarantee(self.resolution, self.override_reason)
        return {"type": "ir.actions.act_window_close"}
