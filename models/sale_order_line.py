from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    after_sales_onsite = fields.Boolean(
        string="On-site Work",
        copy=False,
        readonly=True,
        help="Bills labour or parts already used at the customer's: no delivery is planned.",
    )

    def _action_launch_stock_rule(self, **kwargs):
        # after-sales branch: parts used on site already left the van, confirming their
        # billing ships nothing; every other line as in Odoo alone
        lines = self.filtered(lambda line: not line.after_sales_onsite)
        return super(SaleOrderLine, lines)._action_launch_stock_rule(**kwargs)
