from odoo import fields, models


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
    after_sales_warranty_expense_account_id = fields.Many2one(
        related="company_id.after_sales_warranty_expense_account_id", readonly=False
    )
