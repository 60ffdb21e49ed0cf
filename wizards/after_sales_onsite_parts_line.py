from odoo import api, fields, models


class AfterSalesOnsitePartsLine(models.TransientModel):
    _name = "after_sales.onsite.parts.line"
    _description = "Spare Part Used on Site"

    wizard_id = fields.Many2one("after_sales.onsite.parts", required=True, ondelete="cascade")
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, domain="[('is_storable', '=', True)]"
    )
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot", string="Serial / Lot", domain="[('product_id', '=', product_id)]"
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    available_quantity = fields.Float(
        string="In the Van",
        compute="_compute_available_quantity",
        digits="Product Unit of Measure",
        help="What the van (or stock) the parts come from holds of this part.",
    )
    is_short = fields.Boolean(compute="_compute_available_quantity")

    @api.depends("product_id", "lot_id", "quantity", "wizard_id.location_id")
    def _compute_available_quantity(self):
        # sudo: technicians see what their van holds, whatever their stock rights
        quants = self.env["stock.quant"].sudo()
        for line in self:
            location = line.wizard_id.location_id
            line.available_quantity = (
                quants._get_available_quantity(
                    line.product_id, location, lot_id=line.lot_id or None
                )
                if line.product_id and location
                else 0.0
            )
            line.is_short = bool(line.product_id) and line.quantity > line.available_quantity
