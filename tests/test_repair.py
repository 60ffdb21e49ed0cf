import logging
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SIGNATURE_PNG, ServiceJobCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestRepair(ServiceJobCase):
    """Repairs from tickets: estimate, parts, labour, pricing by category, invoicing."""

    def _invoicing_queries(self, repairs):
        repairs.env.invalidate_all()
        return self.count_queries(repairs.action_after_sales_invoice)[1]

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
        self.assertEqual(repair.estimate_state, "to_send", "nothing sent while the email waits")
        self.assertFalse(repair.estimate_sent_on)
        self._send_estimate(repair)
        self.assertEqual(repair.estimate_state, "sent")
        self.assertTrue(repair.estimate_sent_on)
        self.assertEqual(repair.sale_order_id.state, "sent", "a quotation until approved")
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
        order.write({"signed_by": "Jane Customer", "signature": SIGNATURE_PNG})
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
        self.assertFalse(repair.after_sales_billable, "no Invoice button on a free job")
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
            type(self.env["after_sales.billing.policy"]),
            "_contract_terms",
            lambda self, ticket: terms,
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
        stranger = self.other_company_user
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
