from odoo import fields, models


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
