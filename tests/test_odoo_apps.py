from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .odoo_flows import (
    ODOO_ALONE_QUERIES,
    demo_loaded,
    make_goods,
    make_personas,
    measured_flows,
    repair_flow,
)


@tagged("post_install", "-at_install")
class TestOdooAppsUnchanged(TransactionCase):
    """Odoo's own Repair, Inventory, Sales and Invoicing, for records that have
    nothing to do with after-sales service, work with after_sales installed as in
    Odoo alone: same results, same persona rights, same number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = make_personas(cls.env)
        cls.goods = make_goods(cls.env)

    def test_odoo_flows_without_after_sales_records(self):
        """A repair made in the Repair app (no ticket) confirmed, quoted, done and
        invoiced; a salesperson's order of a product without warranty delivered by
        the warehouse and invoiced: Odoo's results, at Odoo's number of queries."""
        repair, order, counts = measured_flows(self.env)
        self.assertEqual(repair.state, "done")
        self.assertFalse(repair.after_sales_ticket_id)
        self.assertEqual(repair.estimate_state, "not_needed")
        repair_order = repair.sale_order_id
        self.assertEqual(repair_order.state, "sale")
        self.assertFalse(repair_order.after_sales_ticket_id)
        # the part at the list price and delivered by the repair, as in Odoo alone
        part_line = repair_order.order_line.filtered(lambda line: line.product_id.is_storable)
        self.assertEqual(part_line.price_unit, 12.0)
        self.assertEqual(part_line.qty_delivered, 2.0)
        repair_invoice = repair_order.invoice_ids
        self.assertEqual(repair_invoice.state, "posted")
        self.assertEqual(repair_invoice.amount_untaxed, 24.0)
        self.assertFalse(repair_invoice.after_sales_ticket_id)

        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.write_uid.login, "odoo_warehouse_user_run2")
        self.assertFalse(picking.warranty_card_ids)
        self.assertFalse(picking.after_sales_goods_flow)
        self.assertFalse(picking.after_sales_goods_status)
        self.assertFalse(
            self.env["after_sales.warranty.card"].search([("sale_order_id", "=", order.id)])
        )
        quants = self.env["stock.quant"]._gather(order.order_line.product_id, picking.location_id)
        self.assertEqual(sum(quants.mapped("quantity")), 97.0)
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 240.0)
        self.assertEqual(order.invoice_status, "invoiced")
        # nothing of after-sales service in the chatter of the order, its delivery
        # or its invoice
        bodies = (order.message_ids | picking.message_ids | invoice.message_ids).mapped("body")
        for word in ("warranty", "ticket", "after-sales"):
            self.assertFalse(
                [body for body in bodies if word in (body or "").lower()],
                f"'{word}' in the chatter of an order without after-sales service",
            )

        odoo_alone = ODOO_ALONE_QUERIES[demo_loaded(self.env)]
        for step, count in counts.items():
            self.assertLessEqual(
                count,
                odoo_alone[step],
                f"{step}: {count} queries where Odoo alone runs {odoo_alone[step]}",
            )

    def test_repair_form_opens_for_inventory_user(self):
        """The Repair app's form, as an Inventory user without after-sales rights."""
        user = self.personas["warehouse_user"]
        form = Form(self.env["repair.order"].with_user(user))
        form.partner_id = self.goods["customer"]
        form.product_id = self.goods["unit"]
        repair = form.save()
        self.assertEqual(repair.create_uid, user)
        self.assertEqual(repair.state, "draft")
        repair.action_validate()
        self.assertEqual(repair.state, "confirmed")

    def test_under_warranty_repair_without_ticket_prices_parts_at_zero(self):
        """Odoo's own warranty box still prices a repair's parts at zero."""
        repair = (
            self.env["repair.order"]
            .with_user(self.personas["repair_user"])
            .create(
                {
                    "partner_id": self.goods["customer"].id,
                    "product_id": self.goods["unit"].id,
                    "under_warranty": True,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.goods["part"].id,
                                "product_uom_qty": 1.0,
                                "repair_line_type": "add",
                            }
                        )
                    ],
                }
            )
        )
        repair.action_validate()
        repair.action_create_sale_order()
        self.assertEqual(repair.sale_order_id.order_line.price_unit, 0.0)

    def test_repair_without_customer_gets_odoos_message(self):
        repair = (
            self.env["repair.order"]
            .with_user(self.personas["repair_user"])
            .create({"product_id": self.goods["unit"].id})
        )
        with self.assertRaisesRegex(UserError, "You need to define a customer"):
            repair.action_create_sale_order()
        self.assertFalse(repair.sale_order_id)

    def test_after_sales_invoice_refuses_a_repair_without_ticket(self):
        repair, _counts = repair_flow(self.env, self.personas, self.goods)
        invoices = repair.sale_order_id.invoice_ids
        with self.assertRaisesRegex(UserError, "no service ticket"):
            repair.with_user(self.personas["accountant"]).action_after_sales_invoice()
        self.assertEqual(repair.sale_order_id.invoice_ids, invoices)
