from odoo import fields, models
from odoo.tools import SQL, format_amount

# One live fee invoice per contract and period (see init).
FEE_PERIOD_INDEX = "account_move_after_sales_fee_period_uniq"


class AccountMove(models.Model):
    _inherit = "account.move"

    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The after-sales ticket this invoice or credit note settles.",
    )

    after_sales_contract_id = fields.Many2one(
        "after_sales.contract",
        string="Maintenance Contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The maintenance contract whose fee this invoice bills.",
    )
    after_sales_fee_period_start = fields.Date(
        string="Fee Period",
        copy=False,
        readonly=True,
        help="The first day of the contract period this invoice bills.",
    )

    after_sales_repair_refs = fields.Char(
        string="Repairs",
        compute="_compute_after_sales_repair_refs",
        help="The repair orders this invoice bills, through its sale orders.",
    )
    after_sales_category = fields.Selection(
        related="after_sales_ticket_id.category", string="Service Category", store=True
    )
    after_sales_team_id = fields.Many2one(
        related="after_sales_ticket_id.team_id", string="Service Team", store=True
    )

    def init(self):
        # one live fee invoice per contract and period, even from two workers at once
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s "
                "ON account_move (after_sales_contract_id, after_sales_fee_period_start) "
                "WHERE after_sales_contract_id IS NOT NULL AND state != 'cancel'",
                SQL.identifier(FEE_PERIOD_INDEX),
            )
        )

    def _compute_after_sales_repair_refs(self):
        """The repairs each move bills, through its lines' sale orders, read for the
        whole batch in one query (the reconciliation workbook reads 1,000 invoices at
        a time; through the ORM it would load every line of them). Accountants see
        which repairs they bill without Inventory rights, as a sudo would."""
        refs = {}
        move_ids = [move_id for move_id in self.ids if move_id]
        if move_ids:
            self.env["account.move.line"].flush_model(["move_id", "sale_line_ids"])
            self.env["sale.order.line"].flush_model(["order_id"])
            self.env["repair.order"].flush_model(["sale_order_id", "name"])
            refs = dict(
                self.env.execute_query(
                    SQL(
                        """
                        SELECT line.move_id,
                               string_agg(DISTINCT repair.name, ', ' ORDER BY repair.name)
                          FROM account_move_line line
                          JOIN sale_order_line_invoice_rel rel
                            ON rel.invoice_line_id = line.id
                          JOIN sale_order_line sale_line ON sale_line.id = rel.order_line_id
                          JOIN repair_order repair ON repair.sale_order_id = sale_line.order_id
                         WHERE line.move_id IN %s
                         GROUP BY line.move_id
                        """,
                        tuple(move_ids),
                    )
                )
            )
        for move in self:
            move.after_sales_repair_refs = refs.get(move.id, "")

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # after-sales branch: the customer invoices and credit notes of tickets
        for move in posted.filtered(
            lambda m: m.after_sales_ticket_id and m.move_type in ("out_invoice", "out_refund")
        ):
            ticket = move.after_sales_ticket_id
            ticket._after_sales_log(
                self.env._("%(document)s posted: %(amount)s."),
                document=move,
                amount=format_amount(self.env, move.amount_total, move.currency_id),
            )
            ticket._after_sales_check_job_done()
            if move.move_type == "out_invoice":
                # sudo: the accountant posting the invoice settles it with the money the
                # technician collected on site
                ticket.sudo()._reconcile_voucher_payment(move.sudo())
        return posted

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        for move in self.filtered("after_sales_ticket_id"):  # after-sales branch
            move.after_sales_ticket_id._after_sales_log(
                self.env._("%(document)s paid."), document=move
            )
        return result

    def button_cancel(self):
        result = super().button_cancel()
        # after-sales branch: the credit notes of tickets' refunds
        for credit_note in self.filtered(
            lambda move: (
                move.state == "cancel"
                and move.move_type == "out_refund"
                and move.after_sales_ticket_id
            )
        ):
            # sudo: the accountant who cancels the credit note withdraws its refund
            ticket = credit_note.sudo().after_sales_ticket_id
            if ticket.guarantee_resolution == "refund":
                ticket._withdraw_guarantee(credit_note)
        return result

    def action_open_after_sales_ticket(self):
        self.ensure_one()
        return self.after_sales_ticket_id._get_records_action()
