from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    after_sales_excluded = fields.Boolean(
        string="Not Covered",
        copy=False,
        help="On a warranty repair: this part is billed to the customer all the same "
        "(wear part, customer damage).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "after_sales_excluded" in vals:
            self.repair_id._after_sales_sync_sale_lines()
        return result

    def _create_repair_sale_order_line(self):
        result = super()._create_repair_sale_order_line()
        self.repair_id.filtered("after_sales_ticket_id")._after_sales_sync_sale_lines()
        return result
