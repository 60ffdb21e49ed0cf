import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..models.selections import PAYMENT_STATES, TICKET_CATEGORIES
from ..reports.after_sales_invoice_xlsx import InvoiceReconciliationXlsx


class AfterSalesInvoiceReport(models.TransientModel):
    _name = "after_sales.invoice.report"
    _description = "Repair Invoice Reconciliation Report"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: fields.Date.today().replace(day=1)
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    team_id = fields.Many2one("after_sales.team")
    category = fields.Selection(TICKET_CATEGORIES)
    payment_state = fields.Selection(PAYMENT_STATES)
    report_file = fields.Binary(readonly=True, attachment=False)
    report_filename = fields.Char(readonly=True)
    row_count = fields.Integer(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from > report.date_to:
                raise ValidationError(
                    self.env._(
                        "The period starts (%(start)s) after it ends (%(end)s).",
                        start=format_date(self.env, report.date_from),
                        end=format_date(self.env, report.date_to),
                    )
                )

    def _invoices_domain(self):
        self.ensure_one()
        domain = [
            ("after_sales_ticket_id", "!=", False),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("invoice_date", ">=", self.date_from),
            ("invoice_date", "<=", self.date_to),
            ("company_id", "in", self.env.companies.ids),
        ]
        if self.team_id:
            domain.append(("after_sales_team_id", "=", self.team_id.id))
        if self.category:
            domain.append(("after_sales_category", "=", self.category))
        if self.payment_state:
            domain.append(("payment_state", "=", self.payment_state))
        return domain

    def action_export(self):
        """Build the workbook and download it."""
        self.ensure_one()
        if not self.env.user.has_group("account.group_account_invoice") and not (
            self.env.user.has_group("account.group_account_readonly")
        ):
            raise UserError(self.env._("Only accounting users can export repair invoices."))
        builder = InvoiceReconciliationXlsx(self.env, self._invoices_domain())
        content = builder.render()
        self.write(
            {
                "report_file": base64.b64encode(content),
                "report_filename": f"repair_invoices_{self.date_from}_{self.date_to}.xlsx",
                "row_count": builder.row_count,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/report_file/{self.report_filename}"
            "?download=true",
            "target": "self",
        }
