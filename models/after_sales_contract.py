"""Maintenance contracts (category B): covered equipment, terms, fees billed per period
in advance, renewal and expiry."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang

from .selections import CONTRACT_BILLING_PERIODS, CONTRACT_STATES

_logger = logging.getLogger(__name__)

# Months in each billing period.
PERIOD_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1}
# Bounds of what is typed on a contract (a fee of 1e20 is a typing slip).
MAX_FEE = 1_000_000_000
MAX_VISITS_PER_YEAR = 365


class AfterSalesContract(models.Model):
    _name = "after_sales.contract"
    _description = "Maintenance Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "after_sales.numbered.mixin",
    ]
    _order = "date_end desc, id desc"
    _rec_names_search = ["number", "name", "partner_id.name"]
    _check_company_auto = True
    _numbering_date_field = "date_start"

    name = fields.Char(string="Title", required=True, tracking=True)
    state = fields.Selection(
        CONTRACT_STATES,
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
        help="The customer (a company, or a person without company) the contract covers.",
    )
    site_partner_id = fields.Many2one(
        "res.partner",
        string="Site Address",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="Where the covered equipment stands and visits take place.",
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", default=lambda self: self.env.user, tracking=True
    )
    team_id = fields.Many2one("after_sales.team", check_company=True, tracking=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True, index=True)
    line_ids = fields.One2many(
        "after_sales.contract.line", "contract_id", string="Covered Equipment", copy=True
    )
    # Terms.
    labour_included = fields.Boolean(
        help="Labour on the contract's tickets is not billed.", tracking=True
    )
    parts_discount = fields.Float(
        string="Parts Discount (%)",
        digits="Discount",
        tracking=True,
        help="Discount on spare parts billed on the contract's tickets.",
    )
    excluded_categ_ids = fields.Many2many(
        "product.category",
        string="Excluded Parts Categories",
        help="Parts of these categories are billed at full price.",
    )
    sla_policy_id = fields.Many2one(
        "after_sales.sla.policy",
        string="SLA Policy",
        check_company=True,
        help="The SLA of the contract's tickets (e.g. a 2-hour response).",
    )
    visits_per_year = fields.Integer(help="Scheduled visits promised per year.")
    # Fee.
    fee_product_id = fields.Many2one(
        "product.product",
        domain="[('type', '=', 'service')]",
        check_company=True,
    )
    fee_amount = fields.Monetary(
        string="Fee per Period", currency_field="currency_id", tracking=True
    )
    billing_period = fields.Selection(
        CONTRACT_BILLING_PERIODS, required=True, default="yearly", tracking=True
    )
    invoice_ids = fields.One2many("account.move", "after_sales_contract_id", string="Invoices")
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    ticket_ids = fields.One2many("after_sales.ticket", "contract_id", string="Tickets")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    visit_done_count = fields.Integer(
        string="Visits Done This Year", compute="_compute_visit_progress"
    )
    visit_planned_count = fields.Integer(
        string="Visits Planned This Year", compute="_compute_visit_progress"
    )
    previous_contract_id = fields.Many2one(
        "after_sales.contract", string="Renews", copy=False, readonly=True, index="btree_not_null"
    )
    renewal_contract_id = fields.Many2one(
        "after_sales.contract",
        string="Renewed by",
        compute="_compute_renewal_contract_id",
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Contract %s", self.number)

    def _expand_states(self, states, domain):
        """The kanban shows every state, in the order a contract lives them."""
        return [key for key, _label in self._fields["state"].selection]

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("after_sales_contract_id", "in", self.ids)],
                ["after_sales_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    def _compute_ticket_count(self):
        # sudo: counts only, for salespeople who may not read tickets
        counts = dict(
            self.env["after_sales.ticket"]
            .sudo()
            ._read_group([("contract_id", "in", self.ids)], ["contract_id"], ["__count"])
        )
        for contract in self:
            contract.ticket_count = counts.get(contract, 0)

    def _compute_visit_progress(self):
        # sudo: counts only, for accountants and salespeople who may not read visits
        counts = self.env["after_sales.visit"].sudo()._this_year_counts("contract_id", self)
        for contract in self:
            contract.visit_done_count, contract.visit_planned_count = counts[contract]

    def _compute_renewal_contract_id(self):
        renewals = self.search([("previous_contract_id", "in", self.ids)])
        for contract in self:
            contract.renewal_contract_id = renewals.filtered(
                lambda renewal, c=contract: renewal.previous_contract_id == c
            )[:1]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end <= contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s must end (%(end)s) after it starts (%(start)s).",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains("partner_id")
    def _check_customer_owns_the_serials(self):
        self.line_ids._check_serial_is_the_customers()

    @api.constrains("parts_discount", "fee_amount", "visits_per_year")
    def _check_terms(self):
        for contract in self:
            if not 0 <= contract.parts_discount <= 100:
                raise ValidationError(
                    self.env._(
                        "The parts discount of contract %s must be between 0 and 100 %%.",
                        contract.display_name,
                    )
                )
            if contract.fee_amount < 0 or contract.visits_per_year < 0:
                raise ValidationError(
                    self.env._(
                        "The fee and the visits per year of contract %s cannot be negative.",
                        contract.display_name,
                    )
                )
            if contract.fee_amount > MAX_FEE or contract.visits_per_year > MAX_VISITS_PER_YEAR:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: a fee is at most %(fee)s per period, and at "
                        "most %(visits)s visits are promised per year.",
                        contract=contract.display_name,
                        fee=formatLang(self.env, MAX_FEE, digits=0),
                        visits=MAX_VISITS_PER_YEAR,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.site_partner_id and self.site_partner_id.commercial_partner_id != (
            self.partner_id.commercial_partner_id
        ):
            self.site_partner_id = False

    @api.model_create_multi
    def create(self, vals_list):
        self._check_user_create_values(vals_list)
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._check_user_write_values(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self._check_contract_manager()
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Contract %s is not a draft.", contract.display_name))
            if not contract.line_ids:
                raise UserError(
                    self.env._(
                        "Add the covered equipment of contract %s before confirming it.",
                        contract.display_name,
                    )
                )
            contract.line_ids._check_serials_free()
        # a renewal confirmed early takes over from the contract it renews
        self.previous_contract_id.filtered(lambda c: c.state == "running").write(
            {"state": "to_renew"}
        )
        self.write({"state": "running"})
        self._ensure_visit_plans()
        self._cron_update_states()

    def _ensure_visit_plans(self):
        """A contract promising visits gets its visit plan, spread over the year."""
        plans = self.env["after_sales.visit.plan"].with_context(active_test=False)
        planned = plans.search([("contract_id", "in", self.ids)]).contract_id
        vals_list = []
        for contract in self.filtered("visits_per_year") - planned:
            if 12 % contract.visits_per_year == 0:
                interval, unit = 12 // contract.visits_per_year, "months"
            else:
                interval, unit = max(52 // contract.visits_per_year, 1), "weeks"
            vals_list.append(
                {
                    "name": contract.display_name,
                    "company_id": contract.company_id.id,
                    "partner_id": contract.partner_id.id,
                    "site_partner_id": (contract.site_partner_id or contract.partner_id).id,
                    "contract_id": contract.id,
                    "purpose": "maintenance",
                    "interval": interval,
                    "interval_unit": unit,
                    "next_date": max(contract.date_start, fields.Date.context_today(self)),
                    "team_id": contract.team_id.id,
                }
            )
        # sudo: the manager confirming the contract gets its plan, which only
        # managers edit anyway
        return plans.sudo().create(vals_list)

    def action_cancel(self):
        self._check_contract_manager()
        self.write({"state": "cancelled"})

    def action_draft(self):
        self._check_contract_manager()
        self.filtered(lambda contract: contract.state == "cancelled").write({"state": "draft"})

    def action_renew(self):
        """The next contract, a draft with the same equipment and terms, from the day
        after this one ends, for as long."""
        self.ensure_one()
        if self.renewal_contract_id:
            return self.renewal_contract_id._get_records_action()
        # the copy below runs as superuser: only who may create contracts renews one
        self.check_access("create")
        length = self.date_end - self.date_start
        start = self.date_end + timedelta(days=1)
        # sudo: the salesperson renews equipment (serials) they may not read in stock;
        # the renewal copies the lines as they are, and stays a draft for a manager
        renewal = (
            self.sudo()
            .copy(
                {
                    "date_start": start,
                    "date_end": start + length,
                    "previous_contract_id": self.id,
                }
            )
            .sudo(False)
        )
        self.invalidate_recordset(["renewal_contract_id"])
        self.message_post(
            body=self.env._("Renewed by %s.", renewal._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return renewal._get_records_action()

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("after_sales_contract_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_visit"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_contract_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_team_id": self.team_id.id,
        }
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Scheduled action: renewal, expiry and fees
    # ------------------------------------------------------------------

    @api.model
    def _cron_update_states(self):
        """Put contracts up for renewal N days before they end (an activity for the
        salesperson, an email to the customer), expire the ended ones, and bill the
        fees of the periods that started. Called on contracts (a manager confirming
        them), it updates those contracts only."""
        today = fields.Date.context_today(self)
        scope = [("id", "in", self.ids)] if self else []
        days = self.env["res.config.settings"]._after_sales_setting(
            "after_sales_contract_renewal_days"
        )
        expired = self.search(
            scope + [("state", "in", ("running", "to_renew")), ("date_end", "<", today)]
        )
        expired.write({"state": "expired"})
        to_renew = self.search(
            scope
            + [
                ("state", "=", "running"),
                ("date_end", "<=", today + timedelta(days=days)),
                ("date_end", ">=", today),
            ]
        )
        to_renew.write({"state": "to_renew"})
        to_renew._announce_renewal()
        self.search(scope + [("state", "in", ("running", "to_renew"))])._invoice_due_fees(today)

    def _announce_renewal(self):
        template = self.env.ref("after_sales.mail_template_contract_renewal")
        for contract in self:
            if contract.user_id:
                contract.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=contract.date_end,
                    summary=self.env._("Renew contract %s", contract.display_name),
                    user_id=contract.user_id.id,
                )
            if contract.partner_id.email:
                contract.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
