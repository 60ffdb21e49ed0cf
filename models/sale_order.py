from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    warranty_card_count = fields.Integer(
        compute="_compute_warranty_card_count", groups="after_sales.group_after_sales_user"
    )

    def _compute_warranty_card_count(self):
        counts = self.env["after_sales.warranty.card"]._count_by("sale_order_id", self)
        for order in self:
            order.warranty_card_count = counts.get(order, 0)

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain(
            [("sale_order_id", "=", self.id)]
        )
