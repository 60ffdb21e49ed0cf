"""The number every after-sales document carries (AS/2026/00001): drawn at creation
from its company's yearly sequence, unique per company, shown before its title."""

from collections import defaultdict

from odoo import api, fields, models


class AfterSalesNumberedMixin(models.AbstractModel):
    _name = "after_sales.numbered.mixin"
    _description = "After-Sales Numbered Document"

    # The fields that make the title shown after the number (see _numbered_title).
    _numbered_title_fields = ("name",)
    # The field whose date picks the sequence's year (a Date or a Datetime field).
    _numbering_date_field = "create_date"

    number = fields.Char(readonly=True, copy=False, index="trigram", default="/")
    company_id = fields.Many2one("res.company", required=True)

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique(company_id, number)",
            "This number is already used by another document of the company.",
        ),
    ]

    @api.depends(lambda self: ("number", *self._numbered_title_fields))
    def _compute_display_name(self):
        for record in self:
            number = record.number if record.number and record.number != "/" else ""
            record.display_name = (
                " - ".join(filter(None, (number, record._numbered_title())))
                or record._numbered_draft_name()
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._number_vals_list(vals_list)
        return super().create(vals_list)

    def _numbered_title(self):
        """What follows the number in the record's name."""
        self.ensure_one()
        return self["name"] if "name" in self._fields else ""

    def _numbered_draft_name(self):
        """The name of a record that has neither number nor title yet."""
        return ""

    @api.model
    def _numbering_companies(self, vals_list):
        """The company (id) each new record is numbered in, one per ``vals_list``."""
        return [vals.get("company_id") or self.env.company.id for vals in vals_list]

    @api.model
    def _numbering_date(self, vals, today):
        """The date whose year numbers the new record of ``vals``."""
        return fields.Date.to_date(vals.get(self._numbering_date_field)) or today

    @api.model
    def _number_vals_list(self, vals_list):
        """Give the ``vals_list`` of new records that have no number yet ("/") one,
        from their company's sequence (code: the model's name) at their date, before
        they are inserted: one query per company and year, not one per record."""
        date_field = self._fields[self._numbering_date_field]
        # a day of a datetime is read in UTC, as Odoo stores it; a date is the user's
        today = (
            fields.Datetime.now().date()
            if date_field.type == "datetime"
            else fields.Date.context_today(self)
        )
        to_number = [vals for vals in vals_list if vals.get("number", "/") in ("/", False)]
        by_company = defaultdict(list)
        for vals, company_id in zip(to_number, self._numbering_companies(to_number), strict=True):
            by_company[company_id].append(vals)
        for company_id, company_vals in by_company.items():
            company = self.env["res.company"].browse(company_id)
            sequence = company._after_sales_sequences(self._name)[company]
            numbers = sequence._after_sales_next_numbers(
                [self._numbering_date(vals, today) for vals in company_vals]
            )
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["number"] = number
