import logging

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceJobCase

_logger = logging.getLogger(__name__)

ONE_PIXEL_PNG = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC"
)


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
