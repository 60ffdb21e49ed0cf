"""My Day: a technician's open jobs (tickets and customer visits) in one list, read
from the tickets and visits themselves (a database view)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .directions import navigation_url
from .selections import TICKET_PRIORITIES

DAY_JOB_KINDS = [("ticket", "Ticket"), ("visit", "Visit")]


class AfterSalesDayJob(models.Model):
    _name = "after_sales.day.job"
    _description = "Technician's Job of the Day"
    _auto = False
    _order = "date, priority desc, id"

    kind = fields.Selection(DAY_JOB_KINDS, readonly=True)
    ticket_id = fields.Many2one("after_sales.ticket", readonly=True)
    visit_id = fields.Many2one("after_sales.visit", readonly=True)
    number = fields.Char(readonly=True)
    name = fields.Char(string="Job", compute="_compute_name_and_status")
    date = fields.Datetime(
        string="When", readonly=True, help="A visit's planned start, a ticket's deadline."
    )
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    team_id = fields.Many2one("after_sales.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    site_partner_id = fields.Many2one("res.partner", string="Address", readonly=True)
    priority = fields.Selection(TICKET_PRIORITIES, readonly=True)
    status = fields.Char(compute="_compute_name_and_status")
    phone = fields.Char(compute="_compute_contact")
    address = fields.Char(compute="_compute_contact")
    map_url = fields.Char(string="Directions", compute="_compute_contact")
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    is_due = fields.Boolean(
        string="Due Today",
        compute="_compute_is_overdue",
        search="_search_is_due",
        help="Due by the end of the user's day: today's and overdue jobs.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT ticket.id * 2 AS id,
                           'ticket' AS kind,
                           ticket.id AS ticket_id,
                           NULL::integer AS visit_id,
                           ticket.number,
                           COALESCE(ticket.sla_deadline, ticket.date_open) AS date,
                           ticket.user_id,
                           ticket.team_id,
                           ticket.company_id,
                           ticket.partner_id,
                           ticket.partner_id AS site_partner_id,
                           ticket.priority
                      FROM after_sales_ticket ticket
                     WHERE NOT ticket.is_closed AND ticket.active
                    UNION ALL
                    SELECT visit.id * 2 + 1,
                           'visit',
                           NULL::integer,
                           visit.id,
                           visit.number,
                           visit.date_start,
                           visit.user_id,
                           visit.team_id,
                           visit.company_id,
                           visit.partner_id,
                           COALESCE(visit.site_partner_id, visit.partner_id),
                           '1'
                      FROM after_sales_visit visit
                     WHERE visit.state IN ('planned', 'in_progress', 'missed')
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.depends("ticket_id.name", "ticket_id.stage_id", "visit_id.purpose", "visit_id.state")
    def _compute_name_and_status(self):
        visits = self.env["after_sales.visit"]
        purposes = dict(visits._fields["purpose"]._description_selection(self.env))
        states = dict(visits._fields["state"]._description_selection(self.env))
        for job in self:
            if job.ticket_id:
                job.name, job.status = job.ticket_id.name, job.ticket_id.stage_id.name
            else:
                job.name = purposes.get(job.visit_id.purpose)
                job.status = states.get(job.visit_id.state)

    @api.depends("site_partner_id", "partner_id")
    def _compute_contact(self):
        for job in self:
            place = job.site_partner_id or job.partner_id
            job.phone = place.phone or place.mobile or job.partner_id.phone
            job.address = ", ".join(filter(None, (place.street, place.zip, place.city)))
            job.map_url = navigation_url(place)

    def _compute_is_overdue(self):
        now, day_end = fields.Datetime.now(), self._end_of_users_day()
        for job in self:
            job.is_overdue = bool(job.date and job.date < now)
            job.is_due = bool(job.date and job.date < day_end)

    def _end_of_users_day(self):
        """Midnight at the end of today in the user's timezone, in UTC."""
        today = fields.Date.context_today(self)
        tomorrow = datetime.combine(today + timedelta(days=1), time.min)
        tz = pytz.timezone(self.env.user.tz or "UTC")
        return tz.localize(tomorrow).astimezone(pytz.utc).replace(tzinfo=None)

    def _search_is_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Jobs due today are searched with = or != only."))
        due = (operator == "=") == value
        return [("date", "<" if due else ">=", self._end_of_users_day())]

    @api.model
    def _home_action(self):
        """Where the app opens: a technician's day, or the teams for managers."""
        if self.env.user.has_group("after_sales.group_after_sales_manager"):
            return self.env["ir.actions.act_window"]._for_xml_id(
                "after_sales.action_after_sales_team_overview"
            )
        return self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_my_day"
        )

    def _compute_display_name(self):
        for job in self:
            job.display_name = " - ".join(filter(None, (job.number, job.partner_id.name)))

    def action_open_job(self):
        """The ticket or visit behind the card."""
        self.ensure_one()
        job = next(filter(None, (self.ticket_id, self.visit_id)))
        return job._get_records_action()
