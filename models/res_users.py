from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    after_sales_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        domain="[('usage', '=', 'internal'), ('after_sales_customer_goods', '=', False)]",
        help="The stock this technician carries on site; spare parts used on site are "
        "taken from it (else from the team's van).",
    )
