from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What each typed setting may be, (lowest, highest): beyond them it is a typing slip
# that would stop the scheduled jobs reading it.
SETTING_BOUNDS = {
    "after_sales_warranty_reminder_days": (0, 366),
    "after_sales_visit_months_a": (1, 60),
    "after_sales_visit_months_b": (1, 60),
    "after_sales_visit_months_c": (1, 60),
    "after_sales_complaint_ack_hours": (1, 24 * 30),
    "after_sales_complaint_plan_hours": (1, 24 * 90),
    "after_sales_complaint_resolve_months": (1, 24),
    "after_sales_visit_horizon_days": (1, 366),
    "after_sales_contract_renewal_days": (0, 366),
}

RETURN_CALL_RHYTHMS = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_yearly", "Half-yearly"),
    ("yearly", "Yearly"),
    ("never", "Never"),
]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    after_sales_approval_amount = fields.Monetary(
        related="company_id.after_sales_approval_amount", readonly=False
    )
    after_sales_warranty_reminder_days = fields.Integer(
        string="Warranty Expiry Reminder (days)",
        config_parameter="after_sales.warranty_reminder_days",
        default=30,
        help="Customers are emailed this many days before their warranty card expires. "
        "Zero disables the reminder.",
    )
    after_sales_labour_product_id = fields.Many2one(
        related="company_id.after_sales_labour_product_id", readonly=False
    )
    after_sales_visit_months_a = fields.Integer(
        string="Class A Visits Every (months)",
        config_parameter="after_sales.visit_months_a",
        default=1,
    )
    after_sales_visit_months_b = fields.Integer(
        string="Class B Visits Every (months)",
        config_parameter="after_sales.visit_months_b",
        default=3,
    )
    after_sales_visit_months_c = fields.Integer(
        string="Class C Visits Every (months)",
        config_parameter="after_sales.visit_months_c",
        default=6,
    )
    after_sales_return_call_every_a = fields.Selection(
        RETURN_CALL_RHYTHMS,
        string="Call Class A Customers",
        config_parameter="after_sales.return_call_every_a",
        default="monthly",
    )
    after_sales_return_call_every_b = fields.Selection(
        RETURN_CALL_RHYTHMS,
        string="Call Class B Customers",
        config_parameter="after_sales.return_call_every_b",
        default="quarterly",
    )
    after_sales_return_call_every_c = fields.Selection(
        RETURN_CALL_RHYTHMS,
        string="Call Class C Customers",
        config_parameter="after_sales.return_call_every_c",
        default="yearly",
    )
    after_sales_complaint_ack_hours = fields.Integer(
        string="Acknowledge Within (hours)",
        config_parameter="after_sales.complaint_ack_hours",
        default=24,
    )
    after_sales_complaint_plan_hours = fields.Integer(
        string="Plan Within (hours)",
        config_parameter="after_sales.complaint_plan_hours",
        default=72,
    )
    after_sales_complaint_resolve_months = fields.Integer(
        string="Resolve Within (months)",
        config_parameter="after_sales.complaint_resolve_months",
        default=1,
    )
    after_sales_visit_horizon_days = fields.Integer(
        string="Plan Visits Ahead (days)",
        config_parameter="after_sales.visit_horizon_days",
        default=30,
        help="The daily action creates the visits of every plan for this many days ahead.",
    )
    after_sales_contract_renewal_days = fields.Integer(
        string="Contract Renewal Notice (days)",
        config_parameter="after_sales.contract_renewal_days",
        default=30,
        help="Running maintenance contracts go to renew this many days before they end: "
        "the salesperson gets an activity and the customer an email.",
    )
    after_sales_default_team_id = fields.Many2one(
        related="company_id.after_sales_default_team_id", readonly=False
    )
    after_sales_default_van_id = fields.Many2one(
        related="company_id.after_sales_default_team_id.van_location_id",
        string="Default Team's Van",
        readonly=False,
    )

    @api.model
    def _after_sales_setting(self, name):
        """The value of the setting ``name`` (a field of these settings) as the flows
        and scheduled jobs use it: its default (declared once, on the field) when unset
        or unreadable, kept within its bounds or its choices when the parameter was
        edited by hand."""
        field = self._fields[name]
        default = field.default(self) if callable(field.default) else field.default
        # sudo: settings are read by every user's flows, written by administrators only
        raw = self.env["ir.config_parameter"].sudo().get_param(field.config_parameter)
        if field.type == "selection":
            return raw if raw in dict(field.selection) else default
        try:
            value = int(raw) if raw not in (None, False, "") else default
        except ValueError:
            value = default
        lowest, highest = SETTING_BOUNDS[name]
        return min(max(value, lowest), highest)

    @api.constrains(*SETTING_BOUNDS)
    def _check_setting_bounds(self):
        for settings in self:
            for name, (lowest, highest) in SETTING_BOUNDS.items():
                if not lowest <= settings[name] <= highest:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be between %(lowest)s and %(highest)s.",
                            setting=self._fields[name]._description_string(self.env),
                            lowest=lowest,
                            highest=highest,
                        )
                    )
            if settings.after_sales_complaint_plan_hours < settings.after_sales_complaint_ack_hours:
                raise ValidationError(
                    self.env._("A complaint's plan cannot be due before its acknowledgement.")
                )

    def action_after_sales_compute_classes(self):
        """Class every customer A, B or C by the last 12 months' invoiced revenue."""
        classes = self.env["res.partner"]._after_sales_compute_classes()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Customers classed: %(a)s A, %(b)s B, %(c)s C.",
                    a=len(classes["A"]),
                    b=len(classes["B"]),
                    c=len(classes["C"]),
                ),
            },
        }

    def action_after_sales_vans(self):
        """The van stocks: internal locations technicians take parts from on site."""
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_location_form")
        action["domain"] = [
            ("usage", "=", "internal"),
            ("after_sales_customer_goods", "=", False),
            ("company_id", "in", [self.company_id.id, False]),
        ]
        action["context"] = {"default_usage": "internal", "search_default_in_location": 1}
        action["display_name"] = self.env._("Vans and Stocks")
        return action

    def action_after_sales_technicians(self):
        """The technicians and the van each carries."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Technicians' Vans"),
            "res_model": "res.users",
            "view_mode": "list",
            "views": [(self.env.ref("after_sales.view_users_list_after_sales_vans").id, "list")],
            "domain": [
                ("groups_id", "in", self.env.ref("after_sales.group_after_sales_user").id),
                ("share", "=", False),
            ],
        }

    after_sales_warranty_expense_account_id = fields.Many2one(
        related="company_id.after_sales_warranty_expense_account_id", readonly=False
    )
