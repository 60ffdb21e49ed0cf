from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    warranty_card_ids = fields.One2many(
        "after_sales.warranty.card", "lot_id", string="Warranty Cards"
    )
    warranty_card_count = fields.Integer(compute="_compute_warranty_card_count")

    def _compute_warranty_card_count(self):
        counts = self.env["after_sales.warranty.card"]._count_by("lot_id", self)
        for lot in self:
            lot.warranty_card_count = counts.get(lot, 0)

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain([("lot_id", "=", self.id)])
