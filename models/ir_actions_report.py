from odoo import models

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
        if self.report_name in AFTER_SALES_DOCUMENTS and not self.paperformat_id:
            letter = self.env.company.paperformat_id.format == "Letter"
            return self.env.ref(
                "after_sales.paperformat_document_letter"
                if letter
                else "after_sales.paperformat_document_a4"
            )
        return super().get_paperformat()
