"""Maintenance contracts: the fee of each billing period, billed in advance as a draft
invoice, once per period even when two runs bill at once."""

import logging

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import Command, models
from odoo.tools import format_date

from .account_move import FEE_PERIOD_INDEX
from .after_sales_contract import PERIOD_MONTHS
from .scheduled_jobs import run_isolated

_logger = logging.getLogger(__name__)


class AfterSalesContract(models.Model):
    _inherit = "after_sales.contract"

    def _fee_periods(self, until):
        """The start dates of the contract's billing periods that began by ``until``."""
        self.ensure_one()
        step = relativedelta(months=PERIOD_MONTHS[self.billing_period])
        period, periods = self.date_start, []
        while period <= min(until, self.date_end):
            periods.append(period)
            period = period + step
        return periods

    def _invoice_due_fees(self, today):
        """One draft invoice per contract and started period, billed in advance; a
        period whose invoice was cancelled is billed again. A unique index keeps it
        to one even when two workers run at once."""
        billable = self.filtered(lambda contract: contract.fee_product_id and contract.fee_amount)
        # sudo: the scheduled action (or a manager's confirmation) bills the fees;
        # neither needs accounting rights, the invoices stay drafts for accountants
        moves = self.env["account.move"].sudo()
        if not billable:
            return moves
        billed = {
            (move.after_sales_contract_id.id, move.after_sales_fee_period_start)
            for move in moves.search(
                [("after_sales_contract_id", "in", billable.ids), ("state", "!=", "cancel")]
            )
        }
        created = []

        def bill(contract):
            vals_list = [
                contract._prepare_fee_invoice_values(period)
                for period in contract._fee_periods(today)
                if (contract.id, period) not in billed
            ]
            if not vals_list:
                return
            try:
                with self.env.cr.savepoint():
                    created.append(moves.create(vals_list))
            except psycopg2.errors.UniqueViolation as error:
                if error.diag.constraint_name != FEE_PERIOD_INDEX:
                    raise
                # another run (the daily job, a confirmation) billed it meanwhile
                _logger.info("Fees of %s already billed by another run.", contract.number)

        run_isolated(billable, bill, self.env._("Billing the maintenance contracts' fees"))
        return moves.union(*created)

    def _prepare_fee_invoice_values(self, period):
        """The draft invoice of one period's fee, worded in the customer's language."""
        self.ensure_one()
        months = PERIOD_MONTHS[self.billing_period]
        period_end = min(period + relativedelta(months=months, days=-1), self.date_end)
        customer_env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        start, end = format_date(customer_env, period), format_date(customer_env, period_end)
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_date": period,
            "invoice_origin": self.number,
            "ref": customer_env._(
                "%(contract)s: %(start)s to %(end)s", contract=self.number, start=start, end=end
            ),
            "invoice_user_id": self.user_id.id,
            "after_sales_contract_id": self.id,
            "after_sales_fee_period_start": period,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": self.fee_product_id.id,
                        "name": customer_env._(
                            "%(product)s, %(start)s to %(end)s",
                            product=self.fee_product_id.with_env(customer_env).display_name,
                            start=start,
                            end=end,
                        ),
                        "quantity": 1,
                        "price_unit": self.fee_amount,
                    }
                )
            ],
        }
