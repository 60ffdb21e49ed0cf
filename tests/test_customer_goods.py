import logging
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceJobCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCustomerGoods(ServiceJobCase):
    """Customer goods in and out of the workshop: pickup receipt and the register."""

    def test_receive_and_return_the_customer_unit(self):
        ticket = self._ticket(covered=True, description="<p>Leaks water</p>")
        card = ticket.warranty_card_id
        as_technician = ticket.with_user(self.technician)
        receipt = self.env["stock.picking"].browse(as_technician.action_receive_product()["res_id"])
        self.assertEqual(receipt.after_sales_goods_flow, "in")
        self.assertEqual(receipt.location_id, self.customer_location)
        goods = receipt.location_dest_id
        self.assertTrue(goods.after_sales_customer_goods)
        self.assertEqual(receipt.move_line_ids.lot_id, ticket.lot_id)
        self.assertEqual(
            as_technician.action_receive_product()["res_id"], receipt.id, "not received twice"
        )
        receipt.with_user(self.technician).button_validate()
        self.assertEqual(receipt.state, "done")
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", ticket.lot_id.id), ("location_id", "=", goods.id)]
        )
        self.assertEqual(quant.quantity, 1.0)
        self.assertEqual(quant.owner_id, self.customer, "still the customer's unit")
        self.assertTrue(ticket.goods_in_workshop)
        self.assertFalse(card.return_picking_id, "a unit in for service is no warranty return")
        with self.assertRaisesRegex(UserError, "already in the workshop"):
            as_technician.action_receive_product()
        register = self.env.ref("after_sales.action_after_sales_customer_goods")
        self.assertIn(receipt, self.env["stock.picking"].search(safe_eval(register.domain)))

        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_pickup_receipt", receipt.ids)[0]
            .decode()
        )
        for text in (ticket.number, ticket.lot_id.name, "Leaks water", "Customer's signature"):
            self.assertIn(text, html)

        back = self.env["stock.picking"].browse(as_technician.action_return_product()["res_id"])
        self.assertEqual(back.after_sales_goods_flow, "out")
        self.assertEqual(back.state, "assigned")
        self.assertEqual(back.move_line_ids.lot_id, ticket.lot_id, "the customer's own serial")
        back.move_ids.picked = True
        back.with_user(self.technician).button_validate()
        self.assertEqual(back.state, "done")
        self.assertEqual(receipt.after_sales_return_picking_id, back)
        self.assertFalse(ticket.goods_in_workshop)
        self.assertFalse(quant.exists() and quant.quantity)
        self.assertEqual(card.state, "active")
        self.assertFalse(back.warranty_card_ids, "returning a unit issues no card")
        with self.assertRaisesRegex(UserError, "has not been received"):
            as_technician.action_return_product()

    def test_receive_needs_the_serial(self):
        ticket = self._create_ticket(product_id=self.serial_product.id)
        with self.assertRaisesRegex(UserError, "Set the serial number"):
            ticket.action_receive_product()
        self.assertFalse(ticket.picking_ids)

    def test_repair_takes_the_unit_where_it_waits(self):
        ticket = self._ticket(description="<p>Drum does not turn</p>")
        as_technician = ticket.with_user(self.technician)
        receipt = self.env["stock.picking"].browse(as_technician.action_receive_product()["res_id"])
        receipt.with_user(self.technician).button_validate()
        goods = receipt.location_dest_id
        self.assertFalse(ticket.can_receive_product, "the unit is in: no second receipt")
        repair = self._repair(ticket, parts=[(self.filter, 1, False)], hours=1.0)
        self.assertEqual(repair.product_location_src_id, goods, "repaired where it waits")
        self.assertEqual(repair.product_location_dest_id, goods, "and left there")
        self.assertEqual(repair.state, "confirmed", "confirmed without a stock warning")
        self._approve(repair)
        self._finish(repair)
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", ticket.lot_id.id), ("quantity", ">", 0)]
        )
        self.assertEqual(quant.location_id, goods, "the unit never went to WH/Stock")
        self.assertEqual(quant.owner_id, self.customer, "still the customer's")
        self.assertEqual(self._on_hand(self.filter), 9.0, "the part came from stock")
        back = self.env["stock.picking"].browse(as_technician.action_return_product()["res_id"])
        self.assertEqual(back.state, "assigned")
        back.move_ids.picked = True
        back.with_user(self.technician).button_validate()
        self.assertFalse(ticket.goods_in_workshop)

    def test_one_unit_one_open_inbound_transfer(self):
        ticket = self._ticket()
        self.assertTrue(ticket.can_receive_product)
        as_technician = ticket.with_user(self.technician)
        first = as_technician.action_receive_product()["res_id"]
        self.assertFalse(ticket.can_receive_product, "its receipt is already planned")
        self.assertEqual(as_technician.action_receive_product()["res_id"], first)
        # a return planned by the guarantees is the unit's inbound transfer too
        other = self._ticket(prefix="RET")
        planned_return = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.customer_location.id,
                "location_dest_id": self.stock_location.id,
                "after_sales_ticket_id": other.id,
            }
        )
        self.assertFalse(other.can_receive_product)
        action = other.with_user(self.technician).action_receive_product()
        self.assertEqual(action["res_id"], planned_return.id)
        self.assertEqual(len(other.picking_ids), 1, "no second receipt")

    def test_header_buttons_follow_the_work(self):
        new = self.env["after_sales.ticket"].new({"name": "Unsaved", "team_id": self.team.id})
        self.assertFalse(new.can_receive_product)
        self.assertFalse(new.onsite_to_invoice)
        covered = self._ticket(covered=True, prefix="BTN")
        self.env["after_sales.labour.line"].create({"ticket_id": covered.id, "hours": 1.0})
        self.assertFalse(covered.onsite_to_invoice, "free labour: nothing to invoice")
        paid = self._ticket(prefix="PAID")
        self.env["after_sales.labour.line"].create({"ticket_id": paid.id, "hours": 1.0})
        self.assertTrue(paid.onsite_to_invoice)
        paid.with_user(self.accountant).action_invoice_onsite_work()
        paid.invalidate_recordset(["onsite_to_invoice"])
        self.assertFalse(paid.onsite_to_invoice, "invoiced: the button goes")

    def test_customer_goods_register(self):
        register = self.env.ref("after_sales.action_after_sales_customer_goods")
        pickings = self.env["stock.picking"].with_user(self.warehouse_user)
        context = safe_eval(register.context)
        help_html = pickings.with_context(**context).get_empty_list_help(register.help)
        self.assertIn("No customer unit received yet", help_html, "the register's own help")
        self.assertNotIn("barcode", help_html.lower())

        ticket = self._ticket(prefix="REG")
        as_technician = ticket.with_user(self.technician)
        receipt = self.env["stock.picking"].browse(as_technician.action_receive_product()["res_id"])
        self.assertEqual(receipt.after_sales_goods_status, "to_receive")
        self.assertEqual(receipt.move_line_ids.lot_name, ticket.lot_id.name, "serial shown")
        receipt.with_user(self.warehouse_user).button_validate()
        receipt.date_done = receipt.date_done - timedelta(days=9)
        self.assertEqual(
            pickings.search(safe_eval(register.domain) + [("id", "=", receipt.id)]), receipt
        )
        row = receipt.with_user(self.warehouse_user)
        self.assertEqual(row.after_sales_lot_id, ticket.lot_id)
        self.assertEqual(row.after_sales_goods_status, "in_workshop")
        self.assertEqual(row.after_sales_days_in_workshop, 9)
        self.assertFalse(row.after_sales_repair_state)
        repair = self._repair(ticket, parts=[(self.filter, 1, False)])
        row.invalidate_recordset(["after_sales_repair_state"])
        self.assertEqual(row.after_sales_repair_state, "confirmed")
        groups = pickings._read_group(
            safe_eval(register.domain) + [("after_sales_ticket_id", "=", ticket.id)],
            ["after_sales_goods_status"],
            ["__count"],
        )
        self.assertIn(("in_workshop", 1), groups, "grouped by status")
        self._approve(repair)
        self._finish(repair)
        back = self.env["stock.picking"].browse(as_technician.action_return_product()["res_id"])
        self.assertEqual(receipt.after_sales_goods_status, "returning")
        back.move_ids.picked = True
        back.with_user(self.warehouse_user).button_validate()
        self.assertEqual(row.after_sales_goods_status, "returned")
        self.assertEqual(row.after_sales_repair_state, "done")
        self.assertEqual(row.after_sales_days_in_workshop, 9, "counted until it went back")
