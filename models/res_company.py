from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The after-sales sequences every company has: code -> (name, prefix).
AFTER_SALES_SEQUENCES = {
    "after_sales.ticket": ("After-Sales Tickets", "AS/%(range_year)s/"),
    "after_sales.warranty.card": ("Warranty Cards", "WC/%(range_year)s/"),
    "after_sales.contract": ("Maintenance Contracts", "MC/%(range_year)s/"),
    "after_sales.visit": ("Customer Visits", "VS/%(range_year)s/"),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    after_sales_approval_amount = fields.Monetary(
        string="Guarantee Approval Above",
        currency_field="currency_id",
        help="Refunds and replacements worth more than this amount (untaxed, company "
        "currency) wait for an after-sales manager's approval before any return, "
        "delivery or credit note is created. Zero: no approval needed.",
    )

    after_sales_default_team_id = fields.Many2one(
        "after_sales.team",
        string="Default After-Sales Team",
        domain="[('company_id', 'in', (id, False))]",
        help="New tickets of users who belong to no team go to this team.",
    )
    after_sales_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain="[('type', '=', 'service')]",
        help="Service product proposed on new labour time: its sale price bills an hour of "
        "work, its cost values it.",
    )
    after_sales_warranty_expense_account_id = fields.Many2one(
        "account.account",
        string="Warranty Expense Account",
        help="With automated inventory valuation, the spare parts consumed free of charge "
        "on warranty repairs are expensed to this account.",
    )
    after_sales_warranty_location_id = fields.Many2one(
        "stock.location",
        string="Warranty Consumption Location",
        readonly=True,
        help="Where the spare parts consumed on warranty repairs go (created when needed).",
    )

    @api.constrains("after_sales_approval_amount")
    def _check_after_sales_approval_amount(self):
        if any(company.after_sales_approval_amount < 0 for company in self):
            raise ValidationError(
                self.env._("The guarantee approval amount cannot be negative (zero: none).")
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # after-sales branch: every new company numbers its after-sales documents
        companies._after_sales_create_sequences()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if "after_sales_warranty_expense_account_id" in vals:  # after-sales branch
            for company in self.filtered("after_sales_warranty_location_id"):
                company.after_sales_warranty_location_id.sudo().valuation_in_account_id = (
                    company.after_sales_warranty_expense_account_id
                )  # sudo: the location follows the company setting a manager just changed
        return result

    def _after_sales_customer_goods_location(self, warehouse):
        """Where customers' units wait in the workshop of ``warehouse``, created on
        first use. They stay the customers' (owner) and out of the valuation."""
        self.ensure_one()
        location = self.env["stock.location"].search(
            [
                ("after_sales_customer_goods", "=", True),
                ("warehouse_id", "=", warehouse.id),
            ],
            limit=1,
        )
        if not location:
            # sudo: a technical location, created for whoever receives the first unit
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Customer Goods in Repair"),
                        "usage": "internal",
                        "company_id": self.id,
                        "location_id": warehouse.view_location_id.id,
                        "after_sales_customer_goods": True,
                    }
                )
                .sudo(False)
            )
        return location

    def _after_sales_warranty_location(self):
        """The company's warranty consumption location, created on first use; its
        valuation posts to the warranty expense account."""
        self.ensure_one()
        if not self.after_sales_warranty_location_id:
            # sudo: the location is technical bookkeeping, created for whoever
            # finishes the first warranty repair
            location = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Warranty Consumption"),
                        "usage": "inventory",
                        "company_id": self.id,
                        "location_id": self.env.ref("stock.stock_location_locations_virtual").id,
                        "valuation_in_account_id": self.after_sales_warranty_expense_account_id.id,
                    }
                )
            )
            # sudo: technicians may not write on their company
            self.sudo().after_sales_warranty_location_id = location
        return self.after_sales_warranty_location_id

    @api.model
    def _after_sales_install_sequences(self):
        """Give every existing company its after-sales sequences (at install)."""
        self.search([])._after_sales_create_sequences()

    def _after_sales_create_sequences(self):
        """Create the after-sales sequences these companies do not have yet.

        After-sales documents are numbered per company and per year.
        """
        # sudo: sequences are technical records; whoever creates a company gets them
        sequence_model = self.env["ir.sequence"].sudo()
        existing = sequence_model.search(
            [("code", "in", list(AFTER_SALES_SEQUENCES)), ("company_id", "in", self.ids)]
        )
        have = {(sequence.code, sequence.company_id.id) for sequence in existing}
        sequence_model.create(
            [
                {
                    "name": f"{name} ({company.name})",
                    "code": code,
                    "company_id": company.id,
                    "prefix": prefix,
                    "padding": 5,
                    "use_date_range": True,
                }
                for company in self
                for code, (name, prefix) in AFTER_SALES_SEQUENCES.items()
                if (code, company.id) not in have
            ]
        )

    def _after_sales_sequences(self, code):
        """Return {company: its sequence for ``code``}.

        Companies get their sequences when they are created (or when the add-on is
        installed); one created behind the ORM's back gets them here.
        """
        # sudo: sequences are technical records that after-sales users can
        # neither read nor create; only the next number is taken from them.
        sequence_model = self.env["ir.sequence"].sudo()
        domain = [("code", "=", code), ("company_id", "in", self.ids)]
        existing = sequence_model.search(domain)
        if self - existing.company_id:
            (self - existing.company_id)._after_sales_create_sequences()
            existing = sequence_model.search(domain)
        return {sequence.company_id: sequence for sequence in existing}
