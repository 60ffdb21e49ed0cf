import base64
import io
import logging
from datetime import datetime, timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import WarrantyCase

_logger = logging.getLogger(__name__)

ONE_PIXEL_PNG = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC"
)


@tagged("post_install", "-at_install")
class TestRepair(WarrantyCase):
    """Repairs from tickets: estimate, parts, labour, pricing by category, invoicing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="as_advisor",
            groups="base.group_user,after_sales.group_after_sales_user,"
            "sales_team.group_sale_salesman",
            name="Service Desk Sara",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="as_accountant",
            groups="base.group_user,after_sales.group_after_sales_user,"
            "account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
            name="Accountant Ann",
        )
        cls.parts_category = cls.env["product.category"].create(
            {
                "name": "Spare parts",
                "property_valuation": "real_time",
                "property_cost_method": "standard",
            }
        )
        cls.compressor = cls._part("Compressor", 200.0, 120.0)
        cls.filter = cls._part("Air filter", 30.0, 10.0)
        cls.labour = cls.env["product.product"].create(
            {"name": "Repair labour (hour)", "type": "service", "list_price": 50.0}
        )
        cls.labour.standard_price = 20.0
        cls.company.after_sales_labour_product_id = cls.labour
        cls.warranty_expense = cls.env["account.account"].create(
            {"name": "Warranty expense", "code": "611900", "account_type": "expense"}
        )
        cls.company.after_sales_warranty_expense_account_id = cls.warranty_expense
        pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Loyal customers -10%",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        cls.customer.property_product_pricelist = pricelist
        cls.analytic = cls.env["account.analytic.account"].create(
            {
                "name": "Workshop service",
                "plan_id": cls.env["account.analytic.plan"].create({"name": "Service"}).id,
            }
        )
        cls.team.analytic_account_id = cls.analytic
        for product, quantity in ((cls.compressor, 5), (cls.filter, 10)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, quantity)

    @classmethod
    def _part(cls, name, price, cost):
        part = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": cls.parts_category.id,
                "list_price": price,
            }
        )
        part.standard_price = cost
        return part

    def _ticket(self, covered=False, **values):
        lot = self._lots(self.serial_product, 1, prefix=values.pop("prefix", "RPR"))
        if covered:
            self._manual_card(product_id=self.serial_product.id, lot_id=lot.id).action_activate()
        return self._create_ticket(
            product_id=self.serial_product.id, lot_id=lot.id, user_id=self.technician.id, **values
        )

    def _repair(self, ticket, parts=(), hours=0.0, user=None):
        """A repair created from the ticket's button, with parts [(product, qty, excluded)]."""
        env = ticket.with_user(user or self.technician).env
        action = ticket.with_env(env).action_create_repair()
        repair = env["repair.order"].with_context(**action["context"]).create({})
        repair.move_ids = [
            Command.create(
                {
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "repair_line_type": "add",
                    "after_sales_excluded": excluded,
                }
            )
            for product, quantity, excluded in parts
        ]
        if hours:
            env["after_sales.labour.line"].create(
                {"repair_id": repair.id, "hours": hours, "name": "Diagnosis and repair"}
            )
        result = repair.action_validate()
        if isinstance(result, dict):  # the customer's unit is not in our stock: confirm anyway
            Form.from_action(env, result).save().action_done()
        self.assertEqual(repair.state, "confirmed")
        return repair

    def _approve(self, repair):
        repair = repair.with_user(self.advisor)
        repair.action_send_estimate()
        wizard = Form.from_action(repair.env, repair.action_record_estimate_approval())
        wizard.approved_by = "Jane Customer"
        wizard.method = "phone"
        wizard.save().action_confirm()

    def _finish(self, repair):
        repair = repair.with_user(self.technician)
        repair.action_repair_start()
        repair.move_ids.picked = True
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def _on_hand(self, product):
        return self.env["stock.quant"]._get_available_quantity(product, self.stock_location)

    def _lines_by_product(self, order):
        return {line.product_id: line for line in order.order_line}

    # ------------------------------------------------------------------

    def test_create_repair_prefilled_from_ticket(self):
        ticket = self._ticket(covered=True, description="<p>Compressor hums</p>")
        repair = Form.from_action(
            ticket.with_user(self.technician).env,
            ticket.with_user(self.technician).action_create_repair(),
        )
        self.assertEqual(repair.partner_id, self.customer)
        self.assertEqual(repair.product_id, self.serial_product)
        self.assertEqual(repair.lot_id, ticket.lot_id)
        self.assertTrue(repair.under_warranty)
        repair = repair.save()
        self.assertEqual(repair.after_sales_ticket_id, ticket)
        self.assertEqual(repair.after_sales_category, "C")
        second = self._repair(ticket)
        self.assertEqual(ticket.repair_count, 2, "a ticket may have several repairs")
        action = ticket.action_view_repairs()
        self.assertEqual(self.env["repair.order"].search(action["domain"]), repair | second)
        self.assertEqual(repair.action_open_after_sales_ticket()["res_id"], ticket.id)

    def test_estimate_approval_gate(self):
        ticket = self._ticket()
        self.assertEqual(ticket.category, "A")
        repair = self._repair(ticket, parts=[(self.compressor, 1, False)], hours=1.0)
        self.assertEqual(repair.estimate_state, "to_send")
        with self.assertRaisesRegex(UserError, "has not approved the estimate"):
            repair.with_user(self.technician).action_repair_start()
        self.assertEqual(repair.state, "confirmed", "nothing started")
        with self.assertRaisesRegex(UserError, "Send the estimate"):
            self.env["after_sales.estimate.approval"].create(
                {"repair_id": repair.id, "approved_by": "Jane", "method": "phone"}
            ).action_confirm()

        composer = repair.with_user(self.advisor).action_send_estimate()
        self.assertEqual(composer["res_model"], "mail.compose.message")
        self.assertEqual(repair.estimate_state, "sent")
        self.assertEqual(repair.sale_order_id.state, "draft", "a quotation until approved")
        with self.assertRaisesRegex(UserError, "has not approved the estimate"):
            repair.with_user(self.technician).action_repair_start()

        wizard = Form.from_action(
            repair.with_user(self.advisor).env,
            repair.with_user(self.advisor).action_record_estimate_approval(),
        )
        self.assertEqual(wizard.approved_by, "Jane Customer")
        wizard.method = "email"
        wizard.save().action_confirm()
        self.assertEqual(repair.estimate_state, "approved")
        self.assertEqual(repair.estimate_approved_by, "Jane Customer")
        self.assertEqual(repair.estimate_approval_method, "email")
        self.assertTrue(repair.estimate_approved_on)
        self.assertEqual(repair.sale_order_id.state, "sale")
        self.assertIn("approved by Jane Customer", ticket.message_ids[0].body)
        self._finish(repair)

    def test_quotation_confirmed_online_records_the_approval(self):
        ticket = self._ticket()
        repair = self._repair(ticket, parts=[(self.filter, 1, False)])
        repair.with_user(self.advisor).action_send_estimate()
        order = repair.sale_order_id
        order.write({"signed_by": "Jane Customer", "signature": ONE_PIXEL_PNG})
        order.action_confirm()
        self.assertEqual(repair.estimate_approval_method, "signature")
        self.assertEqual(repair.estimate_approved_by, "Jane Customer")

    def test_paid_repair_end_to_end(self):
        ticket = self._ticket()
        repair = self._repair(
            ticket, parts=[(self.compressor, 1, False), (self.filter, 2, False)], hours=2.0
        )
        self._approve(repair)
        order = repair.sale_order_id
        lines = self._lines_by_product(order)
        self.assertEqual(lines[self.compressor].price_unit, 180.0, "customer's pricelist")
        self.assertEqual(lines[self.filter].price_unit, 27.0)
        self.assertEqual(lines[self.labour].price_unit, 45.0)
        self.assertEqual(lines[self.labour].product_uom_qty, 2.0)
        self.assertEqual(order.after_sales_ticket_id, ticket)
        extra = self.env["after_sales.labour.line"].create(
            {"repair_id": repair.id, "hours": 1.0, "name": "Second visit"}
        )
        self.assertEqual(extra.sale_line_id.price_subtotal, 45.0, "new time joins the order")
        extra.hours = 0.5
        self.assertEqual(extra.sale_line_id.product_uom_qty, 0.5)
        extra_line = extra.sale_line_id
        extra.unlink()
        self.assertEqual(extra_line.product_uom_qty, 0.0, "removed time is not billed")
        self.assertIn(ticket.number, order.client_order_ref)
        self.assertIn(repair.name, order.client_order_ref)
        for line in order.order_line:
            self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100})

        self._finish(repair)
        self.assertEqual(self._on_hand(self.compressor), 4.0)
        self.assertEqual(self._on_hand(self.filter), 8.0)

        action = repair.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.amount_untaxed, 180.0 + 2 * 27.0 + 2 * 45.0)
        self.assertEqual(invoice.after_sales_ticket_id, ticket)
        self.assertEqual(invoice.after_sales_repair_refs, repair.name)
        self.assertIn(ticket.number, invoice.ref)
        self.assertEqual(
            invoice.invoice_line_ids[0].analytic_distribution, {str(self.analytic.id): 100}
        )
        self.assertEqual(ticket.sudo().invoice_ids, invoice)
        menu_action = self.env.ref("after_sales.action_after_sales_invoices")
        self.assertIn(
            invoice,
            self.env["account.move"]
            .with_user(self.accountant)
            .search(safe_eval(menu_action.domain)),
            "listed in Accounting > After-Sales Invoices",
        )
        self.assertEqual(invoice.with_user(self.accountant).after_sales_category, "A")
        self.assertEqual(ticket.parts_cost, 120.0 + 2 * 10.0)
        self.assertEqual(ticket.labour_cost, 2 * 20.0)

        with self.assertRaises(AccessError):
            invoice.with_user(self.technician).action_post()
        repair.with_user(self.accountant).action_after_sales_invoice()
        self.assertEqual(order.invoice_ids, invoice, "pressing Invoice twice makes one invoice")

        invoice.button_cancel()
        action = repair.with_user(self.accountant).action_after_sales_invoice()
        new_invoice = self.env["account.move"].browse(action["res_id"])
        self.assertNotEqual(new_invoice, invoice, "a cancelled invoice can be invoiced again")
        self.assertEqual(new_invoice.amount_untaxed, invoice.amount_untaxed)
        self.assertEqual(len(order.invoice_ids.filtered(lambda m: m.state != "cancel")), 1)

    def test_warranty_repair_with_an_excluded_part(self):
        ticket = self._ticket(covered=True)
        self.assertEqual(ticket.category, "C")
        repair = self._repair(
            ticket, parts=[(self.compressor, 1, False), (self.filter, 2, True)], hours=1.0
        )
        self.assertEqual(repair.estimate_state, "to_send", "the customer pays the filter")
        self._approve(repair)
        lines = self._lines_by_product(repair.sale_order_id)
        self.assertEqual(lines[self.compressor].price_unit, 0.0, "covered")
        self.assertEqual(lines[self.filter].price_unit, 27.0, "wear part, billed")
        self.assertEqual(lines[self.labour].price_unit, 0.0, "covered labour")
        self._finish(repair)

        compressor_move = repair.move_ids.filtered(lambda m: m.product_id == self.compressor)
        self.assertEqual(
            compressor_move.location_dest_id, self.company.after_sales_warranty_location_id
        )
        expense = self.env["account.move.line"].search(
            [("account_id", "=", self.warranty_expense.id)]
        )
        self.assertEqual(expense.debit, 120.0, "the covered compressor at cost")
        self.assertEqual(expense.move_id.stock_move_id, compressor_move)
        self.assertEqual(repair.parts_cost, 120.0 + 20.0)
        self.assertEqual(repair.labour_cost, 20.0)

        action = repair.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 54.0, "only the excluded filters")

        self.env.flush_all()
        analysis = self.env["after_sales.parts.report"].search([("repair_id", "=", repair.id)])
        compressor_row = analysis.filtered(lambda row: row.product_id == self.compressor)
        self.assertEqual(compressor_row.quantity, 1.0)
        self.assertEqual(compressor_row.cost, 120.0)
        self.assertEqual(compressor_row.category, "C")
        self.assertEqual(compressor_row.job, "workshop")
        self.assertEqual(compressor_row.team_id, self.team)
        self.assertEqual(compressor_row.technician_id, self.technician)
        self.assertEqual(sum(analysis.mapped("cost")), 140.0, "the billed filters too")

    def test_warranty_repair_bills_nothing_and_keeps_its_cost(self):
        ticket = self._ticket(covered=True)
        repair = self._repair(ticket, parts=[(self.compressor, 1, False)], hours=1.5)
        self.assertEqual(repair.estimate_state, "not_needed")
        self._finish(repair)
        self.assertEqual(self._on_hand(self.compressor), 4.0)
        self.assertEqual(ticket.parts_cost, 120.0)
        self.assertEqual(ticket.labour_cost, 30.0)
        self.assertFalse(ticket.labour_line_ids.is_billable)
        with self.assertRaisesRegex(UserError, "Nothing to bill"):
            repair.with_user(self.accountant).action_after_sales_invoice()
        self.assertFalse(repair.sale_order_id)

    def test_customer_damage_under_warranty_is_billed(self):
        ticket = self._ticket(covered=True, customer_damage=True)
        self.assertTrue(ticket.warranty_card_id)
        self.assertEqual(ticket.category, "A")
        repair = self._repair(ticket, parts=[(self.compressor, 1, False)])
        self.assertFalse(repair.under_warranty)
        self._approve(repair)
        self.assertEqual(repair.sale_order_id.order_line.price_unit, 180.0)

    def test_internal_job_is_never_invoiced(self):
        ticket = self._ticket(category="D", ticket_type="maintenance")
        self.assertEqual(ticket.category, "D")
        repair = self._repair(ticket, parts=[(self.filter, 1, False)], hours=1.0)
        self.assertEqual(repair.estimate_state, "not_needed")
        self._finish(repair)
        with self.assertRaisesRegex(UserError, "never invoiced"):
            repair.with_user(self.accountant).action_after_sales_invoice()
        with self.assertRaisesRegex(UserError, "never invoiced"):
            repair.with_user(self.advisor).action_create_sale_order()
        self.assertFalse(repair.sale_order_id)
        self.assertEqual(self._on_hand(self.filter), 9.0, "the part was still consumed")

    def test_contract_job_extension_point(self):
        ticket = self._ticket(category="B", ticket_type="maintenance")
        repair = self._repair(ticket, parts=[(self.compressor, 1, False)], hours=1.0)
        repair.with_user(self.advisor).action_send_estimate()
        lines = self._lines_by_product(repair.sale_order_id)
        self.assertEqual(lines[self.compressor].price_unit, 180.0, "no contract: billed as A")
        self.assertEqual(lines[self.labour].price_unit, 45.0)

        terms = {"parts_discount": 20.0, "labour_included": True}
        with patch.object(
            type(self.env["repair.order"]), "_after_sales_contract_terms", lambda self: terms
        ):
            repair._after_sales_sync_sale_lines()
        self.assertEqual(lines[self.compressor].discount, 20.0)
        self.assertEqual(lines[self.compressor].price_subtotal, 144.0)
        self.assertEqual(lines[self.labour].price_unit, 0.0, "labour included in the contract")

    def test_labour_time_is_validated(self):
        ticket = self._ticket()
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.env["after_sales.labour.line"].create({"ticket_id": ticket.id, "hours": -1.0})
        other = self._ticket(prefix="OTHER")
        repair = self._repair(other)
        with self.assertRaisesRegex(ValidationError, "does not belong to ticket"):
            self.env["after_sales.labour.line"].create(
                {"ticket_id": ticket.id, "repair_id": repair.id, "hours": 1.0}
            )
        line = self.env["after_sales.labour.line"].create({"ticket_id": ticket.id, "hours": 1.0})
        self.assertEqual(line.product_id, self.labour, "the company's labour product")
        self.assertEqual(line.user_id, self.env.user)
        self.assertEqual(line.date, fields.Date.context_today(line))

    def test_other_company_cannot_see_labour(self):
        ticket = self._ticket()
        line = self.env["after_sales.labour.line"].create({"ticket_id": ticket.id, "hours": 1.0})
        _company, stranger = self._other_company_user("Repair Company B", "as_repair_stranger")
        with self.assertRaises(AccessError):
            line.with_user(stranger).read(["hours"])
        self.assertFalse(
            self.env["after_sales.labour.line"].with_user(stranger).search([("id", "=", line.id)])
        )
        repair = self._repair(ticket, parts=[(self.filter, 1, False)])
        repair._after_sales_record_approval("Jane Customer", "phone")
        self._finish(repair)
        with self.assertRaises(AccessError):
            repair.with_user(stranger).read(["after_sales_ticket_id"])
        self.env.flush_all()
        domain = [("repair_id", "=", repair.id)]
        self.assertTrue(self.env["after_sales.parts.report"].search(domain))
        self.assertFalse(
            self.env["after_sales.parts.report"].with_user(stranger).search(domain),
            "another company's consumption stays hidden",
        )

    def _finished_paid_repairs(self, count):
        tickets = self.env["after_sales.ticket"].create(
            [
                {
                    "name": f"Bulk job {index}",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "product_id": self.filter.id,
                }
                for index in range(count)
            ]
        )
        repairs = self.env["repair.order"].create(
            [
                {
                    "after_sales_ticket_id": ticket.id,
                    "partner_id": self.customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.filter.id,
                                "product_uom_qty": 1,
                                "repair_line_type": "add",
                            }
                        )
                    ],
                }
                for ticket in tickets
            ]
        )
        self.env["after_sales.labour.line"].create(
            [{"repair_id": repair.id, "hours": 0.5} for repair in repairs]
        )
        repairs._after_sales_record_approval("Jane Customer", "phone")
        repairs.action_repair_start()
        repairs.move_ids.picked = True
        repairs.action_repair_end()
        return repairs

    def _invoicing_queries(self, repairs):
        repairs.env.invalidate_all()
        before = self.env.cr.sql_log_count
        repairs.action_after_sales_invoice()
        return self.env.cr.sql_log_count - before

    def test_bulk_invoicing_query_count_per_repair(self):
        self.env["stock.quant"]._update_available_quantity(self.filter, self.stock_location, 200)
        small = self._invoicing_queries(self._finished_paid_repairs(10))
        large_repairs = self._finished_paid_repairs(100)
        large = self._invoicing_queries(large_repairs)
        per_repair = (large - small) / 90
        _logger.info(
            "Invoicing repairs: 10 in %s queries, 100 in %s (%.1f per extra repair)",
            small,
            large,
            per_repair,
        )
        self.assertLess(per_repair, 60, "a bounded number of queries per repair")
        self.assertLessEqual(large / 100, small / 10, "no query grows with the batch")
        self.assertEqual(len(large_repairs.sale_order_id.invoice_ids), 100)
        self.assertEqual(
            set(large_repairs.sale_order_id.invoice_ids.mapped("amount_untaxed")), {27.0 + 22.5}
        )

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

    def test_repair_card_report(self):
        ticket = self._ticket(covered=True, description="<p>Compressor hums</p>")
        repair = self._repair(ticket, parts=[(self.compressor, 1, False)], hours=1.5)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("after_sales.report_repair_card", repair.ids)[0]
            .decode()
        )
        for text in (
            ticket.number,
            repair.name,
            ticket.lot_id.name,
            "Compressor hums",
            "Compressor",
            "Diagnosis and repair",
            "01:30",
            "Supervisor check",
            "Customer's signature",
        ):
            self.assertIn(text, html)

    def test_onsite_parts_from_the_van(self):
        van = self.env["stock.location"].create(
            {
                "name": "Van TOM",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self.technician.after_sales_van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 3)
        ticket = self._ticket()
        wizard = Form.from_action(
            ticket.with_user(self.technician).env,
            ticket.with_user(self.technician).action_onsite_parts(),
        )
        self.assertEqual(wizard.location_id, van, "the technician's van")
        with wizard.line_ids.new() as line:
            line.product_id = self.filter
            line.quantity = 5
        wizard = wizard.save()
        with self.assertRaisesRegex(UserError, "does not hold enough"):
            wizard.action_confirm()
        self.assertFalse(ticket.picking_ids, "nothing moved")
        wizard.line_ids.quantity = -1
        with self.assertRaisesRegex(UserError, "must be positive"):
            wizard.action_confirm()
        wizard.line_ids.quantity = 2
        wizard.action_confirm()
        self.assertEqual(self._on_hand_at(self.filter, van), 1.0)
        picking = ticket.picking_ids
        self.assertEqual(picking.after_sales_goods_flow, "parts")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.location_dest_id, self.customer_location)
        self.assertIn("Air filter", ticket.message_ids[0].body)
        self.env.flush_all()
        row = self.env["after_sales.parts.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((row.job, row.quantity, row.cost), ("onsite", 2.0, 20.0))

        covered = self._ticket(covered=True, prefix="VANC", team_id=self.team.id)
        self.team.van_location_id = van
        self.technician.after_sales_van_location_id = False
        wizard = self.env["after_sales.onsite.parts"].create(
            {
                "ticket_id": covered.id,
                "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})],
            }
        )
        self.assertEqual(wizard.location_id, van, "the team's van")
        wizard.action_confirm()
        self.assertEqual(
            covered.picking_ids.move_ids.location_dest_id,
            self.company.after_sales_warranty_location_id,
            "warranty parts are a warranty expense",
        )
        self.assertEqual(self._on_hand_at(self.filter, van), 0.0)

    def _on_hand_at(self, product, location):
        return self.env["stock.quant"]._get_available_quantity(product, location)

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()

    def test_reconciliation_xlsx(self):
        repairs = self._finished_paid_repairs(3)
        repairs.with_user(self.accountant).action_after_sales_invoice()
        invoices = repairs.sale_order_id.invoice_ids.sorted("id")
        invoices.action_post()
        partly, fully, unpaid = invoices
        self._pay(partly, 20.0)
        self._pay(fully, fully.amount_total)
        self.assertEqual(partly.payment_state, "partial")
        self.assertEqual(fully.payment_state, "paid")

        today = fields.Date.context_today(partly)
        with self.assertRaisesRegex(ValidationError, "starts .* after it ends"):
            self.env["after_sales.invoice.report"].create(
                {"date_from": today, "date_to": today - timedelta(days=1)}
            )
        with self.assertRaises(AccessError):
            self.env["after_sales.invoice.report"].with_user(self.technician).create({})
        wizard = (
            self.env["after_sales.invoice.report"]
            .with_user(self.accountant)
            .create({"date_from": today - timedelta(days=1), "date_to": today})
        )
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        self.assertEqual(wizard.row_count, 3)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.report_file)))
        sheet = book.active
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertTrue(sheet.auto_filter.ref.startswith("A1:Q"))
        rows = list(sheet.iter_rows(values_only=True))
        header, data, total = rows[0], rows[1:-1], rows[-1]
        self.assertEqual(header[:3], ("Number", "Type", "Date"))
        columns = {title: index for index, title in enumerate(header)}
        by_number = {row[0]: row for row in data}
        self.assertEqual(set(by_number), set(invoices.mapped("name")))

        def cell(invoice, title):
            return by_number[invoice.name][columns[title]]

        self.assertIsInstance(cell(partly, "Date"), datetime)
        self.assertEqual(cell(partly, "Untaxed"), 49.5)
        self.assertEqual(cell(partly, "Ticket"), partly.after_sales_ticket_id.number)
        self.assertEqual(cell(partly, "Repairs"), partly.after_sales_repair_refs)
        self.assertEqual(cell(partly, "Category"), "A - Paid")
        self.assertEqual(cell(partly, "Team"), self.team.name)
        self.assertEqual(cell(partly, "Paid"), 20.0)
        self.assertAlmostEqual(cell(partly, "Residual"), partly.amount_total - 20.0)
        self.assertEqual(cell(partly, "Payment State"), "Partially Paid")
        self.assertEqual(cell(partly, "Reconciliation"), "Partially reconciled")
        self.assertEqual(cell(fully, "Payment State"), "Paid")
        self.assertEqual(cell(fully, "Residual"), 0.0)
        self.assertEqual(cell(fully, "Reconciliation"), "Fully reconciled")
        payment = fully._get_reconciled_payments()
        self.assertIn(payment.name, cell(fully, "Payment References"))
        self.assertEqual(cell(fully, "Payment Dates"), str(payment.date))
        self.assertEqual(cell(unpaid, "Payment State"), "Not Paid")
        self.assertEqual(cell(unpaid, "Paid"), 0.0)
        self.assertEqual(cell(unpaid, "Reconciliation"), "Open")
        self.assertEqual(total[0], "Total")
        self.assertAlmostEqual(total[columns["Untaxed"]], 3 * 49.5)
        self.assertAlmostEqual(total[columns["Total"]], sum(invoices.mapped("amount_total")))
        self.assertAlmostEqual(total[columns["Paid"]], 20.0 + fully.amount_total)

        wizard.payment_state = "paid"
        wizard.action_export()
        self.assertEqual(wizard.row_count, 1)
        wizard.write({"payment_state": False, "category": "C"})
        wizard.action_export()
        self.assertEqual(wizard.row_count, 0)

    def test_onsite_work_invoiced_from_the_ticket(self):
        van = self.env["stock.location"].create(
            {
                "name": "Van SUE",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self.team.van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 5)
        ticket = self._ticket()
        labour = self.env["after_sales.labour.line"].create(
            {"ticket_id": ticket.id, "hours": 2.0, "name": "On-site diagnosis"}
        )
        self.env["after_sales.onsite.parts"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 2})],
            }
        ).action_confirm()
        as_accountant = ticket.with_user(self.accountant)
        action = as_accountant.action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 2 * 45.0 + 2 * 27.0)
        self.assertEqual(invoice.after_sales_ticket_id, ticket)
        order = ticket.onsite_sale_order_id
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.picking_ids, "the parts already left the van")
        self.assertEqual(self._on_hand_at(self.filter, van), 3.0)
        self.assertEqual(labour.sale_line_id.order_id, order)
        for line in order.order_line:
            self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100})

        as_accountant.action_invoice_onsite_work()
        self.assertEqual(order.invoice_ids, invoice, "pressing it twice makes one invoice")
        self.env["after_sales.labour.line"].create(
            {"ticket_id": ticket.id, "hours": 1.0, "name": "Return visit"}
        )
        action = as_accountant.action_invoice_onsite_work()
        second = self.env["account.move"].browse(action["domain"][0][2]) - invoice
        self.assertEqual(second.amount_untaxed, 45.0, "only the new time")

    def test_onsite_work_follows_the_category(self):
        covered = self._ticket(covered=True)
        self.env["after_sales.labour.line"].create({"ticket_id": covered.id, "hours": 1.0})
        with self.assertRaisesRegex(UserError, "Nothing to bill"):
            covered.with_user(self.accountant).action_invoice_onsite_work()
        self.env["after_sales.labour.line"].create(
            {"ticket_id": covered.id, "hours": 0.5, "excluded_from_warranty": True}
        )
        action = covered.with_user(self.accountant).action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 22.5, "only the excluded half hour")

        internal = self._ticket(category="D", prefix="INT")
        self.env["after_sales.labour.line"].create({"ticket_id": internal.id, "hours": 1.0})
        with self.assertRaisesRegex(UserError, "never invoiced"):
            internal.with_user(self.accountant).action_invoice_onsite_work()
        self.assertFalse(internal.onsite_sale_order_id)
