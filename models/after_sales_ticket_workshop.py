"""Service tickets: customer goods in and out of the workshop, and repairs."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    picking_ids = fields.One2many("stock.picking", "after_sales_ticket_id", string="Transfers")
    goods_in_workshop = fields.Boolean(
        string="Unit in Workshop",
        compute="_compute_goods_in_workshop",
        compute_sudo=True,
        help="The customer's unit was received and has not been returned yet.",
    )
    can_receive_product = fields.Boolean(
        compute="_compute_goods_in_workshop",
        compute_sudo=True,
        help="The unit may be received: it is neither in the workshop nor on its way back.",
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    # Repairs, labour and their cost.
    repair_ids = fields.One2many("repair.order", "after_sales_ticket_id", string="Repairs")
    repair_count = fields.Integer(compute="_compute_repair_count")

    def _compute_picking_count(self):
        counts = self._linked_counts("stock.picking")
        for ticket in self:
            ticket.picking_count = counts.get(ticket, 0)

    @api.depends(
        "picking_ids.state",
        "picking_ids.after_sales_return_picking_id.state",
        "product_id",
        "is_closed",
    )
    def _compute_goods_in_workshop(self):
        for ticket in self:
            ticket.goods_in_workshop = bool(ticket._workshop_receipt())
            ticket.can_receive_product = bool(
                ticket.product_id
                and not ticket.is_closed
                and not ticket.goods_in_workshop
                and not ticket._open_inbound_transfers()
            )

    def _workshop_receipt(self):
        """The done receipt of the customer's unit, while the unit is not back home."""
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda picking: (
                picking.after_sales_goods_flow == "in"
                and picking.state == "done"
                and picking.after_sales_return_picking_id.state != "done"
            )
        )[:1]

    def _open_inbound_transfers(self):
        """Transfers still to bring the customer's unit in (a receipt for service, or
        the return of a refund or replacement): one unit, one open inbound transfer."""
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda picking: (
                picking.state not in ("done", "cancel") and picking.location_id.usage == "customer"
            )
        )

    def _compute_repair_count(self):
        counts = self._linked_counts("repair.order")
        for ticket in self:
            ticket.repair_count = counts.get(ticket, 0)

    def _prepare_goods_transfer_link_values(self):
        self.ensure_one()
        return {"origin": self.number, "after_sales_ticket_id": self.id}

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_create_repair(self):
        """A repair order prefilled from the ticket."""
        self.ensure_one()
        if not self.product_id:
            raise UserError(
                self.env._("Set the product to repair on ticket %s first.", self.display_name)
            )
        context = {}
        receipt = self._workshop_receipt()
        if receipt:  # repaired where it waits, and left there for Return Product
            context["default_product_location_src_id"] = receipt.location_dest_id.id
            context["default_product_location_dest_id"] = receipt.location_dest_id.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repair"),
            "res_model": "repair.order",
            "view_mode": "form",
            "context": {
                **context,
                "default_after_sales_ticket_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_product_id": self.product_id.id,
                "default_lot_id": self.lot_id.id,
                "default_under_warranty": self.env["after_sales.billing.policy"]._is_warranty_work(
                    self.category
                ),
                "default_company_id": self.company_id.id,
                "default_internal_notes": self.description,
            },
        }

    def action_receive_product(self):
        """The incoming transfer of the customer's unit into the workshop."""
        self.ensure_one()
        self._check_goods_transfer_possible()
        if self.goods_in_workshop:
            raise UserError(
                self.env._("The unit of ticket %s is already in the workshop.", self.display_name)
            )
        pending = self._open_inbound_transfers()
        if pending:  # the unit is already on its way in: that transfer, not a second one
            return pending[:1]._get_records_action()
        warehouse = self._after_sales_warehouse()
        goods = self.company_id._after_sales_customer_goods_location(warehouse)
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._create_goods_transfer("in", warehouse.in_type_id, customers, goods)
        # answering by fetching the unit; the stage moves when it is received
        self._after_sales_work_started(move_stage=False)
        return picking._get_records_action()

    def action_return_product(self):
        """Send the customer's unit back once the work is done."""
        self.ensure_one()
        self._check_goods_transfer_possible()
        receipt = self.picking_ids.filtered(
            lambda p: (
                p.after_sales_goods_flow == "in"
                and p.state == "done"
                and not p.after_sales_return_picking_id
            )
        )[:1]
        if not receipt:
            raise UserError(
                self.env._(
                    "The unit of ticket %s has not been received in the workshop.",
                    self.display_name,
                )
            )
        warehouse = receipt.picking_type_id.warehouse_id
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._create_goods_transfer(
            "out", warehouse.out_type_id, receipt.location_dest_id, customers
        )
        receipt.after_sales_return_picking_id = picking
        picking.action_assign()
        return picking._get_records_action()

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {
            "default_after_sales_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
            "default_lot_id": self.lot_id.id,
        }
        if self.repair_count == 1:
            action.update(views=[(False, "form")], res_id=self.repair_ids.id)
        return action
