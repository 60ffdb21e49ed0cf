from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Bounds that catch typing errors (a million months overflows every date).
MAX_WARRANTY_MONTHS = 600
MAX_WINDOW_DAYS = 3660


class AfterSalesWarrantyPolicy(models.Model):
    _name = "after_sales.warranty.policy"
    _description = "Warranty Policy"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the policy between companies."
    )
    warranty_months = fields.Integer(
        string="Warranty (months)", required=True, default=12, help="Free repair period."
    )
    refund_days = fields.Integer(
        string="Refund Window (days)", default=7, help="Days after delivery to return for a refund."
    )
    replacement_days = fields.Integer(
        string="Replacement Window (days)",
        default=15,
        help="Days after delivery to exchange a defective unit.",
    )
    replacement_warranty = fields.Selection(
        [("restart", "Restarts the full warranty"), ("remainder", "Keeps the remaining warranty")],
        string="Replacement Unit",
        required=True,
        default="remainder",
    )
    exclusions = fields.Html(
        translate=True, help="What the warranty does not cover, printed on the card."
    )

    @api.constrains("warranty_months", "refund_days", "replacement_days")
    def _check_durations(self):
        for policy in self:
            if policy.warranty_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Warranty policy “%s”: the warranty must last at least one month.",
                        policy.name,
                    )
                )
            if policy.warranty_months > MAX_WARRANTY_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Warranty policy “%(policy)s”: a warranty cannot last more than "
                        "%(months)s months.",
                        policy=policy.name,
                        months=MAX_WARRANTY_MONTHS,
                    )
                )
            if max(policy.refund_days, policy.replacement_days) > MAX_WINDOW_DAYS:
                raise ValidationError(
                    self.env._(
                        "Warranty policy “%(policy)s”: refund and replacement windows cannot "
                        "exceed %(days)s days.",
                        policy=policy.name,
                        days=MAX_WINDOW_DAYS,
                    )
                )
            if policy.refund_days < 0 or policy.replacement_days < 0:
                raise ValidationError(
                    self.env._(
                        "Warranty policy “%s”: refund and replacement windows cannot be negative.",
                        policy.name,
                    )
                )

    def _coverage_dates(self, start):
        """The dates of a card of this policy starting on ``start``."""
        self.ensure_one()
        return {
            "end_date": start + relativedelta(months=self.warranty_months),
            "refund_until": start + relativedelta(days=self.refund_days),
            "replace_until": start + relativedelta(days=self.replacement_days),
        }
