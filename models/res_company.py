from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    after_sales_approval_amount = fields.Monetary(
        string="Guarantee Approval Above",
        currency_field="currency_id",
        help="Refunds and replacements worth more than this amount (untaxed, company "
        "currency) wait for an after-sales manager's approval before any return, "
        "delivery or credit note is created. Zero: no approval needed.",
    )

    def _after_sales_sequences(self, code, name, prefix):
        """Return {company: its sequence for ``code``}, creating the missing ones.

        After-sales documents are numbered per company and per year.
        """
        # sudo: sequences are technical records that after-sales users can
        # neither read nor create; only the next number is taken from them.
        sequence_model = self.env["ir.sequence"].sudo()
        existing = sequence_model.search([("code", "=", code), ("company_id", "in", self.ids)])
        sequences = {sequence.company_id: sequence for sequence in existing}
        for company in self - existing.company_id:
            sequences[company] = sequence_model.create(
                {
                    "name": f"{name} ({company.name})",
                    "code": code,
                    "company_id": company.id,
                    "prefix": prefix,
                    "padding": 5,
                    "use_date_range": True,
                }
            )
        return sequences
