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
        if "after_sales_excluded" in vals:  # after-sales branch: a part's warranty cover
            self.repair_id._after_sales_sync_sale_lines()
        return result

    def _create_repair_sale_order_line(self):
        result = super()._create_repair_sale_order_line()
        # after-sales branch: the lines of tickets' repairs are priced by their coverage
        self.repair_id.filtered("after_sales_ticket_id")._after_sales_sync_sale_lines()
        return result

    def _after_sales_set_lines(self, lots_and_quantities, owner=None):
        """Replace the move's detailed operations with one line per
        ``(lot, quantity)`` (the serials of a customer's unit or of a part)."""
        self.ensure_one()
        self.move_line_ids.unlink()
        return self.env["stock.move.line"].create(
            [
                {
                    "move_id": self.id,
                    "picking_id": self.picking_id.id,
                    "product_id": self.product_id.id,
                    "product_uom_id": self.product_uom.id,
                    "lot_id": lot.id,
                    # incoming operations show the typed serial: show the unit's
                    "lot_name": lot.name or False,
                    "quantity": quantity,
                    "owner_id": owner.id if owner else False,
                    "location_id": self.location_id.id,
                    "location_dest_id": self.location_dest_id.id,
                }
                for lot, quantity in lots_and_quantities
            ]
        )
