from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    after_sales_customer_goods = fields.Boolean(
        string="Customer Goods in Repair",
        index=True,
        help="Customers' units received for service wait here; they remain the "
        "customers' property.",
    )
