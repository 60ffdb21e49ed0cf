import base64
import io
import logging
from datetime import datetime, timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ServiceJobCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestInvoiceReport(ServiceJobCase):
    """The accountants' reconciliation workbook of after-sales invoices."""

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
            .create(
                {"date_from": today - timedelta(days=1), "date_to": today, "team_id": self.team.id}
            )
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
