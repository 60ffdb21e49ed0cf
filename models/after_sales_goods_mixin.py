"""Customer goods moved for a service job (tickets now, visits later): checks, the
warehouse that serves the job, and the transfer of the customer's own unit."""

from odoo import Command, models
from odoo.exceptions import UserError


class AfterSalesGoodsMixin(models.AbstractModel):
    _name = "after_sales.goods.mixin"
    _description = "After-Sales Customer Goods"

    def _prepare_goods_transfer_link_values(self):
        """Values that tie a transfer to the record it serves (its origin and link)."""
        self.ensure_one()
        return {"origin": self.display_name}

    def _check_goods_transfer_possible(self):
        if not self.product_id or not self.partner_id:
            raise UserError(
                self.env._(
                    "Ticket %s needs a customer and a product to move the unit.", self.display_name
                )
            )
        if self.product_id.tracking != "none" and not self.lot_id:
            raise UserError(
                self.env._(
                    "Set the serial number of the customer's unit on ticket %s first.",
                    self.display_name,
                )
            )

    def _after_sales_warehouse(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._("Company %s has no warehouse for the workshop.", self.company_id.name)
            )
        return warehouse

    def _create_goods_transfer(self, flow, picking_type, source, destination):
        """A transfer of the customer's unit (owned by them, their serial)."""
        partner = self.partner_id
        picking = self.env["stock.picking"].create(
            dict(
                self._prepare_goods_transfer_link_values(),
                picking_type_id=picking_type.id,
                partner_id=partner.id,
                owner_id=partner.commercial_partner_id.id,
                location_id=source.id,
                location_dest_id=destination.id,
                after_sales_goods_flow=flow,
                move_ids=[
                    Command.create(
                        {
                            "name": self.product_id.display_name,
                            "product_id": self.product_id.id,
                            "product_uom_qty": 1.0,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "restrict_partner_id": partner.commercial_partner_id.id,
                        }
                    )
                ],
            )
        )
        picking.action_confirm()
        if flow == "in":
            picking.move_ids._after_sales_set_lines(
                [(self.lot_id, 1.0)], owner=partner.commercial_partner_id
            )
        return picking
