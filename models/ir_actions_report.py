from odoo import models
from odoo.tools import config

# The add-on's printed documents: they carry the company in their body.
AFTER_SALES_DOCUMENTS = frozenset(
    {
        "after_sales.report_pickup_receipt",
        "after_sales.report_repair_card",
        "after_sales.report_warranty_card",
        "after_sales.report_picking_warranty_cards",
        "after_sales.report_visit",
        "after_sales.report_service_voucher",
    }
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def get_paperformat(self):
        """The add-on's documents print on the company's paper size (A4 or Letter)
        with the narrow margins of a document that has no header."""
        # after-sales branch: the add-on's own documents; Odoo's print as in Odoo alone
        if self.report_name in AFTER_SALES_DOCUMENTS and not self.paperformat_id:
            letter = self.env.company.paperformat_id.format == "Letter"
            return self.env.ref(
                "after_sales.paperformat_document_letter"
                if letter
                else "after_sales.paperformat_document_a4"
            )
        return super().get_paperformat()

    def _after_sales_prints_pdf(self):
        """Whether this server prints PDFs: Odoo refuses to without wkhtmltopdf (under
        tests it renders the HTML instead, wkhtmltopdf or not)."""
        testing = config["test_enable"] or config["test_file"]
        if testing and not self.env.context.get("force_report_rendering"):
            return True
        return self.get_wkhtmltopdf_state() != "install"

    def _after_sales_pdf(self, report_ref, res_ids):
        """The report as a PDF to attach, or None when this server cannot print PDFs:
        finishing a visit or signing a voucher goes on without the attachment rather
        than fail, and the report stays printable from its record."""
        if not self._after_sales_prints_pdf():
            return None
        pdf, _report_type = self._render_qweb_pdf(report_ref, res_ids)
        return pdf
