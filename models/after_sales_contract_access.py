"""Maintenance contracts: who may write what. Only after-sales managers confirm,
cancel and reopen a contract (its state), and once it is confirmed only they change
its terms; salespeople prepare drafts. The rules hold for any write, not only for the
buttons."""

from odoo import api, models
from odoo.exceptions import AccessError

# What the customer agreed to: fixed once the contract is confirmed.
CONTRACT_TERMS = frozenset(
    {
        "partner_id",
        "company_id",
        "date_start",
        "date_end",
        "line_ids",
        "labour_included",
        "parts_discount",
        "excluded_categ_ids",
        "sla_policy_id",
        "visits_per_year",
        "fee_product_id",
        "fee_amount",
        "billing_period",
    }
)


class AfterSalesContract(models.Model):
    _inherit = "after_sales.contract"

    @api.model
    def _is_contract_manager(self):
        return self.env.su or self.env.user.has_group("after_sales.group_after_sales_manager")

    @api.model
    def _check_user_create_values(self, vals_list):
        if self._is_contract_manager():
            return
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise AccessError(
                self.env._("A new contract is a draft: an after-sales manager confirms it.")
            )

    @api.model
    def _check_contract_manager(self):
        if not self._is_contract_manager():
            raise AccessError(
                self.env._("Only after-sales managers confirm, cancel and reopen contracts.")
            )

    def _check_user_write_values(self, vals):
        if self._is_contract_manager():
            return
        if "state" in vals:
            self._check_contract_manager()
        terms = CONTRACT_TERMS & set(vals)
        confirmed = self.filtered(lambda contract: contract.state != "draft")
        if terms and confirmed:
            raise AccessError(
                self.env._(
                    "Contract %(contract)s is confirmed: only an after-sales manager changes "
                    "its terms (%(fields)s).",
                    contract=confirmed[0].display_name,
                    fields=", ".join(sorted(self._fields[name].string for name in terms)),
                )
            )
