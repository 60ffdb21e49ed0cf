import base64
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestRoles(ServiceJobCase):
    """Each role does its own part of the job with its own rights, and no more."""

    def _export(self, user):
        # the team's invoices only: the demo data may hold invoices of its own
        wizard = (
            self.env["after_sales.invoice.report"].with_user(user).create({"team_id": self.team.id})
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.report_file)))
        rows = list(book.active.iter_rows(values_only=True))
        return dict(zip(rows[0], rows[1], strict=True)), wizard

    def test_personas_hold_only_their_groups(self):
        self.assertFalse(self.accountant.has_group("after_sales.group_after_sales_user"))
        self.assertFalse(self.accountant.has_group("stock.group_stock_user"))
        self.assertFalse(self.warehouse_user.has_group("after_sales.group_after_sales_user"))
        self.assertFalse(self.technician.has_group("account.group_account_invoice"))

    def test_warehouse_user_ships_warrantied_products(self):
        lots = self._lots(self.serial_product, 2, prefix="WH")
        picking = self._delivery([(self.serial_product, 2, lots)])
        self._validate(picking.with_user(self.warehouse_user))
        cards = picking.warranty_card_ids
        self.assertEqual(len(cards), 2, "one card per delivered serial")
        self.assertEqual(set(cards.mapped("state")), {"active"})
        self.assertTrue(all(card.number.startswith("WC/") for card in cards))
        self.assertEqual(cards.with_user(self.warehouse_user).mapped("lot_id"), lots)
        start = cards[0].start_date
        with self.assertRaises(AccessError):
            cards[0].with_user(self.warehouse_user).write({"start_date": "2020-01-01"})
        self.assertEqual(cards[0].start_date, start)

    def test_accountant_invoices_a_repair_and_exports_the_workbook(self):
        repairs = self._finished_paid_repairs(1)
        action = repairs.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.after_sales_ticket_id, repairs.after_sales_ticket_id)
        self.assertEqual(invoice.amount_untaxed, 27.0 + 22.5)
        self.assertEqual(invoice.create_uid, self.accountant, "the accountant's invoice")
        invoice.with_user(self.accountant).action_post()
        row, wizard = self._export(self.accountant)
        self.assertEqual(wizard.row_count, 1)
        self.assertEqual(row["Ticket"], repairs.after_sales_ticket_id.number)
        self.assertEqual(row["Team"], self.team.name)
        self.assertEqual(row["Category"], "A - Paid")

        auditor = new_test_user(
            self.env,
            login="as_auditor",
            groups="base.group_user,account.group_account_readonly",
            name="Auditor Aldo",
        )
        row, _wizard = self._export(auditor)
        self.assertEqual(row["Team"], self.team.name)

    def test_technician_records_labour_once_the_estimate_is_sent(self):
        ticket = self._ticket()
        repair = self._repair(ticket, parts=[(self.filter, 1, False)], hours=1.0)
        self._send_estimate(repair)
        labour = (
            self.env["after_sales.labour.line"]
            .with_user(self.technician)
            .create({"repair_id": repair.id, "hours": 0.5, "name": "Extra cleaning"})
        )
        self.assertEqual(labour.sale_line_id.order_id, repair.sale_order_id)
        self.assertEqual(labour.sale_line_id.product_uom_qty, 0.5)
        self.assertEqual(labour.sale_line_id.price_unit, 45.0, "priced like the other labour")

    def test_technician_cannot_invoice(self):
        repairs = self._finished_paid_repairs(1)
        with self.assertRaisesRegex(AccessError, "Only accounting users"):
            repairs.with_user(self.technician).action_after_sales_invoice()
        self.assertFalse(repairs.sale_order_id, "no quotation, no invoice")
        ticket = self._ticket(prefix="ONS")
        self.env["after_sales.labour.line"].create({"ticket_id": ticket.id, "hours": 1.0})
        with self.assertRaisesRegex(AccessError, "Only accounting users"):
            ticket.with_user(self.technician).action_invoice_onsite_work()
        self.assertFalse(ticket.onsite_sale_order_id)
        self.assertFalse(
            self.env["account.move"].search([("after_sales_ticket_id", "=", ticket.id)])
        )

    def test_accountant_opens_the_forms_of_what_they_invoice(self):
        repairs = self._finished_paid_repairs(1)
        ticket = repairs.after_sales_ticket_id
        ticket_form = Form(ticket.with_user(self.accountant))
        self.assertEqual(ticket_form.number, ticket.number)
        self.assertEqual(ticket_form.repair_count, 1)
        repair_form = Form(repairs.with_user(self.accountant))
        self.assertEqual(repair_form.name, repairs.name)
