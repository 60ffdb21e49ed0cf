from odoo import fields, models
from odoo.tools import SQL, format_amount


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
                "CREATE UNIQUE INDEX IF NOT EXISTS account_move_after_sales_fee_period_uniq "
                "ON account_move (after_sales_contract_id, after_sales_fee_period_start) "
                "WHERE after_sales_contract_id IS NOT NULL AND state != 'cancel'"
            )
        )

    def _compute_after_sales_repair_refs(self):
        # sudo: accountants see which repairs they bill without Inventory rights
        for move in self:
            repairs = move.sudo().invoice_line_ids.sale_line_ids.order_id.repair_order_ids
            move.after_sales_repair_refs = ", ".join(repairs.mapped("name"))

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
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
        for move in self.filtered("after_sales_ticket_id"):
            move.after_sales_ticket_id._after_sales_log(
                self.env._("%(document)s paid."), document=move
            )
        return result

    def button_cancel(self):
        result = super().button_cancel()
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
