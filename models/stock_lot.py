from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.model
    def name_create(self, name):
        """A serial typed on a ticket that we did not sell (a unit bought elsewhere) is
        created for the ticket's product; without a product, say what to do."""
        if self.env.context.get("after_sales_serial_entry") and not self.env.context.get(
            "default_product_id"
        ):
            raise UserError(
                self.env._(
                    "Choose the product first: serial number %s is then created for it.", name
                )
            )
        return super().name_create(name)

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain([("lot_id", "=", self.id)])
