"""Visit plans: the scheduled visits of a customer (maintenance under contract, key
customers by class), turned into visits over a horizon by a daily action."""

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import psycopg2
import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .after_sales_visit import MAX_VISIT_HOURS
from .after_sales_visit_access import check_job_links
from .scheduled_jobs import run_isolated, tell_managers
from .selections import VISIT_INTERVAL_UNITS, VISIT_PURPOSES

_logger = logging.getLogger(__name__)

# How far apart a plan's visits may be: five years.
MAX_INTERVAL = {"weeks": 260, "months": 60}

# Visits start at this hour of the technician's day unless moved.
DEFAULT_VISIT_HOUR = 9


class AfterSalesVisitPlan(models.Model):
    _name = "after_sales.visit.plan"
    _description = "Customer Visit Plan"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    site_partner_id = fields.Many2one("res.partner", string="Site Address")
    contract_id = fields.Many2one(
        "after_sales.contract", index="btree_not_null", check_company=True, tracking=True
    )
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="maintenance")
    interval = fields.Integer(
        string="Every",
        required=True,
        compute="_compute_interval",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Without a contract, a key customer's plan follows the customer's class "
        "(A, B, C: visit intervals in Settings).",
    )
    interval_unit = fields.Selection(
        VISIT_INTERVAL_UNITS,
        required=True,
        compute="_compute_interval",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    next_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one("res.users", string="Preferred Technician", tracking=True)
    team_id = fields.Many2one("after_sales.team", check_company=True)
    duration = fields.Float(default=1.0, help="Planned hours on site.")
    visit_ids = fields.One2many("after_sales.visit", "plan_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")
    visit_done_count = fields.Integer(
        string="Visits Done This Year", compute="_compute_visit_progress"
    )
    visit_planned_count = fields.Integer(
        string="Visits Planned This Year", compute="_compute_visit_progress"
    )

    @api.depends("partner_id.commercial_partner_id.after_sales_class", "contract_id")
    def _compute_interval(self):
        """Key customers without a contract are visited as often as their class says."""
        setting = self.env["res.config.settings"]._after_sales_setting
        for plan in self:
            customer_class = plan.partner_id.commercial_partner_id.after_sales_class
            if customer_class and not plan.contract_id:
                months = setting(f"after_sales_visit_months_{customer_class.lower()}")
                plan.interval, plan.interval_unit = months, "months"
            elif not plan.interval:
                plan.interval, plan.interval_unit = 1, plan.interval_unit or "months"

    def _compute_visit_count(self):
        counts = dict(
            self.env["after_sales.visit"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.visit_count = counts.get(plan, 0)

    def _compute_visit_progress(self):
        counts = self.env["after_sales.visit"]._this_year_counts("plan_id", self)
        for plan in self:
            plan.visit_done_count, plan.visit_planned_count = counts[plan]

    @api.constrains("interval", "interval_unit", "duration")
    def _check_interval(self):
        for plan in self:
            longest = MAX_INTERVAL[plan.interval_unit]
            if not 0 < plan.interval <= longest:
                raise ValidationError(
                    self.env._(
                        "Visit plan “%(plan)s” must repeat every 1 to %(longest)s %(unit)s.",
                        plan=plan.name,
                        longest=longest,
                        unit=dict(self._fields["interval_unit"]._description_selection(self.env))[
                            plan.interval_unit
                        ],
                    )
                )
            if not 0 < plan.duration <= MAX_VISIT_HOURS:
                raise ValidationError(
                    self.env._(
                        "The visits of plan “%(plan)s” must last some time, at most %(hours)s "
                        "hours.",
                        plan=plan.name,
                        hours=MAX_VISIT_HOURS,
                    )
                )

    @api.constrains("company_id", "partner_id", "user_id", "contract_id")
    def _check_plan_links(self):
        for plan in self:  # the plan's links are those of the visits it makes
            check_job_links(plan, plan.name, self.env["stock.lot"])

    def _step(self):
        self.ensure_one()
        if self.interval_unit == "weeks":
            return relativedelta(weeks=self.interval)
        return relativedelta(months=self.interval)

    @api.model
    def _cron_schedule_visits(self):
        """Create the visits of every active plan for the next N days (Settings), never
        twice for the same plan and day, and move each plan's next date on."""
        today = fields.Date.context_today(self)
        horizon = today + timedelta(
            days=self.env["res.config.settings"]._after_sales_setting(
                "after_sales_visit_horizon_days"
            )
        )
        plans = self.search([("next_date", "<=", horizon)])
        existing = {
            (visit.plan_id.id, visit.planned_date)
            for visit in self.env["after_sales.visit"].search(
                [("plan_id", "in", plans.ids), ("planned_date", ">=", today)]
            )
        }
        planned = {}  # plan: (its visits' values, its next date)
        for plan in plans:
            # one plan that cannot be worked (a date out of range) is told to the
            # managers and left as it is; the others are planned
            try:
                planned[plan] = plan._visits_until(horizon, today, existing)
            except (ValueError, OverflowError) as error:
                _logger.exception("Visit plan %s cannot be planned", plan.id)
                tell_managers(plan, self.env._("Planning the visits"), error)
        # created quietly in one batch (no "assigned to you" email per visit); when the
        # batch fails, plan by plan, so that only the plans at fault are left out
        Visit = self.env["after_sales.visit"].with_context(tracking_disable=True)
        try:
            with self.env.cr.savepoint():
                visits = Visit.create([vals for vals, _date in planned.values() for vals in vals])
        except (UserError, ValidationError, psycopg2.IntegrityError):
            created = []
            failed = run_isolated(
                self.browse([plan.id for plan in planned]),
                lambda plan: created.append(Visit.create(planned[plan][0])),
                self.env._("Planning the visits"),
            )
            planned = {plan: value for plan, value in planned.items() if plan not in failed}
            visits = Visit.union(*created)
        # the routine move of the next date is no news for the chatter: one write
        # per date reached, untracked, whatever the number of plans
        plan_ids_by_next_date = defaultdict(list)
        for plan, (_vals, date) in planned.items():
            plan_ids_by_next_date[date].append(plan.id)
        for date, plan_ids in plan_ids_by_next_date.items():
            self.browse(plan_ids).with_context(tracking_disable=True).write({"next_date": date})
        # each technician follows their visits with one subscription per technician
        for technician, assigned in visits.grouped("user_id").items():
            if technician:
                assigned._message_subscribe(partner_ids=technician.partner_id.ids)
        return visits

    def _visits_until(self, horizon, today, existing):
        """The values of the plan's visits due by ``horizon`` that ``existing`` (plan
        and day pairs) lacks, and the plan's next date after them."""
        self.ensure_one()
        date, vals_list = max(self.next_date, today), []
        while date <= horizon:
            if (self.id, date) not in existing:
                vals_list.append(self._prepare_visit_values(date))
            date = date + self._step()
        return vals_list, date

    def _prepare_visit_values(self, date):
        self.ensure_one()
        tz = pytz.timezone(
            self.user_id.tz or self.company_id.resource_calendar_id.tz or self.env.user.tz or "UTC"
        )
        start = (
            tz.localize(datetime.combine(date, time(DEFAULT_VISIT_HOUR)))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        return {
            "plan_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "site_partner_id": (self.site_partner_id or self.partner_id).id,
            "contract_id": self.contract_id.id,
            "purpose": self.purpose,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id or self.contract_id.team_id.id,
            "date_start": start,
            "duration": self.duration,
        }
