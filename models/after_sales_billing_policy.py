"""The billing policy: what an after-sales job charges the customer, line by line,
and at which terms. Repairs, on-site work and labour lines all ask it; maintenance
contracts plug in once, through `_contract_terms()`."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# Categories whose jobs may charge the customer (warranty jobs only for lines the
# warranty does not cover); internal work (D) is never invoiced.
CHARGEABLE_CATEGORIES = ("A", "B", "C")


class AfterSalesBillingPolicy(models.AbstractModel):
    _name = "after_sales.billing.policy"
    _description = "After-Sales Billing Policy"

    @api.model
    def _line_billable(self, category, excluded=False):
        """Whether a part or labour line of a job of ``category`` is charged: paid
        (A) and contract (B) jobs bill everything, warranty (C) jobs only the lines
        excluded from the warranty, internal (D) jobs nothing."""
        if self._charges_in_full(category):
            return True
        if self._is_warranty_work(category):
            return bool(excluded)
        return False

    @api.model
    def _is_internal(self, category):
        """Internal (D) work: never charged, nothing for a customer to sign."""
        return category not in CHARGEABLE_CATEGORIES

    @api.model
    def _charges_in_full(self, category):
        """Paid (A) and contract (B) jobs charge the customer what they cost; a
        warranty (C) job only what the warranty excludes."""
        return category in ("A", "B")

    @api.model
    def _is_warranty_work(self, category):
        """Warranty (C) work: its covered parts are a warranty expense and its cost is
        shown to the customer for information only."""
        return category == "C"

    @api.model
    def _parts_destination(self, category, company):
        """Where the parts used on a job of ``category`` go: warranty (C) parts to the
        company's warranty location (expensed, not sold), the others to the customer."""
        if self._is_warranty_work(category):
            return company._after_sales_warranty_location()
        return self.env.ref("stock.stock_location_customers")

    @api.model
    def _contract_terms(self, ticket):
        """The terms of the maintenance contract of a category B ticket: parts
        discount (not on its excluded parts categories) and labour included; False
        (billed like a paid job) without a contract."""
        # sudo: technicians and accountants price jobs at terms only managers edit
        contract = ticket.sudo().contract_id
        if not contract:
            return False
        return {
            "parts_discount": contract.parts_discount,
            "labour_included": contract.labour_included,
            "excluded_categ_ids": contract.excluded_categ_ids,
        }

    @api.model
    def _terms(self, ticket):
        """The terms ``ticket``'s lines are priced at: the contract's for category B."""
        terms = {
            "parts_discount": 0.0,
            "labour_included": False,
            "excluded_categ_ids": self.env["product.category"],
        }
        if ticket.category == "B":
            terms.update(self._contract_terms(ticket) or {})
        return terms

    @api.model
    def _needs_estimate(self, category, has_billable_lines):
        """A job that charges the customer waits for their approval of the estimate."""
        return category in CHARGEABLE_CATEGORIES and has_billable_lines

    @api.model
    def _check_invoicer(self):
        """Only accountants (Invoicing / Billing) invoice after-sales work."""
        if not (self.env.su or self.env.user.has_group("account.group_account_invoice")):
            raise AccessError(
                self.env._(
                    "Only accounting users (Invoicing / Billing) can invoice after-sales work."
                )
            )

    @api.model
    def _check_invoiceable(self, category, documents):
        """Refuse to invoice internal jobs; ``documents`` names what was to be invoiced."""
        if category not in CHARGEABLE_CATEGORIES:
            raise UserError(
                self.env._("%s: internal jobs (category D) are never invoiced.", documents)
            )

    @api.model
    def _price_sale_lines(self, ticket, priced_lines):
        """Price the sale lines of ``ticket``'s job: ``priced_lines`` holds
        (sale line, "part" or "labour", billable). Billed lines take the customer's
        pricelist price (less the terms' parts discount), covered ones zero; all
        carry the team's analytic account. Invoiced lines are left as they are."""
        terms = self._terms(ticket)
        analytic = ticket.team_id.analytic_account_id
        for line, kind, billable in priced_lines:
            if line.qty_invoiced:
                continue
            billed = billable and not (kind == "labour" and terms["labour_included"])
            discounted = kind == "part" and not any(
                line.product_id.categ_id.parent_path.startswith(categ.parent_path)
                for categ in terms["excluded_categ_ids"]
            )
            values = {"discount": terms["parts_discount"] if discounted else 0.0}
            if analytic:
                values["analytic_distribution"] = {str(analytic.id): 100}
            line.write(values)
            if billed:
                line.with_context(force_price_recomputation=True)._compute_price_unit()
            else:
                line.write({"price_unit": 0.0, "technical_price_unit": 0.0})
