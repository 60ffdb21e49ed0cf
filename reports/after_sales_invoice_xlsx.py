"""Repair invoice reconciliation workbook (XLSX), written row by row."""

import tempfile
from collections import defaultdict

import xlsxwriter

CHUNK_SIZE = 1000
# What a row reads of its invoice: fetched alone for the chunk, rather than the ORM's
# every column of account.move on first access.
INVOICE_FIELDS = [
    "name",
    "move_type",
    "invoice_date",
    "partner_id",
    "after_sales_ticket_id",
    "after_sales_category",
    "after_sales_team_id",
    "amount_untaxed_signed",
    "amount_tax_signed",
    "amount_total_signed",
    "amount_residual_signed",
    "amount_residual",
    "payment_state",
    "currency_id",
]
COLUMN_WIDTHS = [20, 12, 12, 30, 16, 18, 18, 18, 14, 12, 14, 14, 14, 16, 16, 30, 20]
DATE_COLUMN = 2
AMOUNT_COLUMNS = range(8, 13)


class InvoiceReconciliationXlsx:
    """One row per posted after-sales invoice or credit note of ``invoices_domain``.

    Invoices are read in chunks and the cache is cleared between them, and
    xlsxwriter's constant memory mode flushes every row to disk: memory stays
    flat whatever the number of invoices.
    """

    def __init__(self, env, invoices_domain):
        self.env = env
        self.domain = invoices_domain
        self.row_count = 0

    def render(self):
        """The workbook's bytes."""
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as output:
            workbook = xlsxwriter.Workbook(output.name, {"constant_memory": True})
            self._write(workbook)
            workbook.close()
            output.seek(0)
            return output.read()

    def _write(self, workbook):
        sheet = workbook.add_worksheet(self.env._("Repair Invoices"))
        bold = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for column, (title, width) in enumerate(zip(self._headers(), COLUMN_WIDTHS, strict=True)):
            sheet.set_column(column, column, width)
            sheet.write(0, column, title, bold)
        sheet.freeze_panes(1, 0)

        labels = self._selection_labels()
        totals = [0.0] * len(COLUMN_WIDTHS)
        row = 0
        Move = self.env["account.move"]
        ids = Move.search(self.domain, order="invoice_date, name, id").ids
        for start in range(0, len(ids), CHUNK_SIZE):
            invoices = Move.browse(ids[start : start + CHUNK_SIZE])
            invoices.fetch(INVOICE_FIELDS)
            invoices.after_sales_ticket_id.fetch(["number"])
            invoices.after_sales_team_id.fetch(["name"])
            payments = self._payments_by_invoice(invoices)
            for invoice in invoices:
                row += 1
                values = self._row_values(invoice, payments[invoice.id], labels)
                for column, value in enumerate(values):
                    if column == DATE_COLUMN:
                        if value:
                            sheet.write_datetime(row, column, value, date)
                    elif column in AMOUNT_COLUMNS:
                        sheet.write_number(row, column, value, money)
                        totals[column] += value
                    elif value:  # text stays text: a "=..." customer name is no formula
                        sheet.write_string(row, column, str(value))
            self.env.invalidate_all()
        self.row_count = row
        total_row = row + 1
        sheet.write(total_row, 0, self.env._("Total"), bold)
        for column in AMOUNT_COLUMNS:
            sheet.write_number(total_row, column, round(totals[column], 2), money_bold)
        sheet.autofilter(0, 0, max(row, 1), len(COLUMN_WIDTHS) - 1)

    def _headers(self):
        env = self.env
        return [
            env._("Number"),
            env._("Type"),
            env._("Date"),
            env._("Customer"),
            env._("Ticket"),
            env._("Repairs"),
            env._("Category"),
            env._("Team"),
            env._("Untaxed"),
            env._("Tax"),
            env._("Total"),
            env._("Paid"),
            env._("Residual"),
            env._("Payment State"),
            env._("Payment Dates"),
            env._("Payment References"),
            env._("Reconciliation"),
        ]

    def _row_values(self, invoice, payments, labels):
        total = invoice.amount_total_signed
        residual = invoice.amount_residual_signed
        paid = total - residual
        if payments and invoice.currency_id.is_zero(invoice.amount_residual):
            reconciliation = self.env._("Fully reconciled")
        elif payments:
            reconciliation = self.env._("Partially reconciled")
        else:
            reconciliation = self.env._("Open")
        ticket = invoice.after_sales_ticket_id
        return [
            invoice.name,
            labels["move_type"].get(invoice.move_type, invoice.move_type),
            invoice.invoice_date,
            invoice.partner_id.display_name,
            ticket.number,
            invoice.after_sales_repair_refs,
            labels["category"].get(invoice.after_sales_category, ""),
            invoice.after_sales_team_id.name,
            invoice.amount_untaxed_signed,
            invoice.amount_tax_signed,
            total,
            paid,
            residual,
            labels["payment_state"].get(invoice.payment_state, invoice.payment_state),
            ", ".join(sorted({str(payment_date) for payment_date, _ref in payments})),
            ", ".join(ref for _date, ref in payments),
            reconciliation,
        ]

    def _payments_by_invoice(self, invoices):
        """{invoice id: [(date, reference)]} of what reconciles its receivable lines,
        for the whole chunk in two queries."""
        # the chunk's receivable and payable lines, searched directly (indexed
        # move_id), rather than reading every invoice line and its account
        lines = self.env["account.move.line"].search_fetch(
            [
                ("move_id", "in", invoices.ids),
                ("account_type", "in", ("asset_receivable", "liability_payable")),
            ],
            ["move_id"],
        )
        partials = self.env["account.partial.reconcile"].search_fetch(
            ["|", ("debit_move_id", "in", lines.ids), ("credit_move_id", "in", lines.ids)],
            ["debit_move_id", "credit_move_id"],
        )
        # only what the references need of the counterparts and their moves
        counterparts = (partials.debit_move_id | partials.credit_move_id) - lines
        counterparts.fetch(["move_id", "date"])
        counterparts.move_id.fetch(["name", "ref"])
        line_ids = set(lines.ids)
        result = defaultdict(list)
        for partial in partials:
            for own, counterpart in (
                (partial.debit_move_id, partial.credit_move_id),
                (partial.credit_move_id, partial.debit_move_id),
            ):
                if own.id in line_ids:
                    move = counterpart.move_id
                    reference = f"{move.name} ({move.ref})" if move.ref else move.name
                    result[own.move_id.id].append((counterpart.date, reference))
        return result

    def _selection_labels(self):
        def labels(model, field):
            return dict(self.env[model]._fields[field]._description_selection(self.env))

        return {
            "move_type": labels("account.move", "move_type"),
            "payment_state": labels("account.move", "payment_state"),
            "category": labels("after_sales.ticket", "category"),
        }
