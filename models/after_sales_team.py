from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .after_sales_sla_policy import format_hours


class AfterSalesTeam(models.Model):
    _name = "after_sales.team"
    _description = "After-Sales Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread", "rating.parent.mixin"]
    # the Overview card's satisfaction: ratings of the last 30 days
    _rating_satisfaction_days = 30
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Color Index")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Receives the activities raised when a ticket of the team fails its SLA.",
    )
    member_ids = fields.Many2many(
        "res.users",
        relation="after_sales_team_member_rel",
        column1="team_id",
        column2="user_id",
        string="Members",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        compute="_compute_resource_calendar_id",
        precompute=True,
        store=True,
        readonly=False,
        check_company=True,
        help="SLA deadlines of the team's tickets are counted in these working hours.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        check_company=True,
        help="The team's sale orders and invoices of repairs are analysed on this account.",
    )
    van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('after_sales_customer_goods', '=', False)]",
        help="The team's shared van stock, for technicians without their own.",
    )
    stage_ids = fields.Many2many(
        "after_sales.stage",
        relation="after_sales_stage_team_rel",
        column1="team_id",
        column2="stage_id",
        string="Stages",
    )
    ticket_ids = fields.One2many("after_sales.ticket", "team_id", string="Tickets")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    urgent_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    sla_failed_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    sla_success_rate = fields.Float(
        string="SLA Success (30 days)",
        compute="_compute_performance",
        help="Share of the tickets closed in the last 30 days that met their SLA.",
    )
    avg_resolution_hours = fields.Float(
        string="Average Resolution (30 days)",
        compute="_compute_performance",
        help="Working hours from opening to closing of the tickets closed in the last "
        "30 days, pauses excluded.",
    )
    closed_recent_count = fields.Integer(compute="_compute_performance")
    return_call_days = fields.Integer(
        string="Return Call After (days)",
        default=3,
        help="Days after a ticket is solved to call the customer back; zero for none.",
    )
    return_call_mode = fields.Selection(
        [("activity", "Return Call"), ("visit", "Return Visit")],
        string="Return Contact",
        default="activity",
        required=True,
        help="A call (an activity for the assignee) or a visit on site.",
    )
    today_visit_count = fields.Integer(
        string="Visits Today", compute="_compute_visit_counts", help="Visits planned today."
    )
    overdue_visit_count = fields.Integer(
        string="Overdue Visits",
        compute="_compute_visit_counts",
        help="Visits missed, or planned to end already and not started.",
    )
    performance_summary = fields.Char(
        compute="_compute_performance",
        help="SLA success and average resolution of the last 30 days, as a sentence.",
    )

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        for team in self:
            calendar = team.resource_calendar_id
            if calendar and calendar.company_id in (team.company_id, self.env["res.company"]):
                continue
            team.resource_calendar_id = team.company_id.resource_calendar_id

    @api.constrains("resource_calendar_id")
    def _check_calendar_has_hours(self):
        for team in self:
            if team.resource_calendar_id and not team.resource_calendar_id.attendance_ids:
                raise ValidationError(
                    self.env._(
                        "Working hours “%(calendar)s” of team %(team)s have no working time: "
                        "SLA deadlines could never be reached. Add its working hours first.",
                        calendar=team.resource_calendar_id.name,
                        team=team.name,
                    )
                )

    def _compute_ticket_counts(self):
        counts = defaultdict(lambda: defaultdict(int))
        groups = self.env["after_sales.ticket"]._read_group(
            [("team_id", "in", self.ids), ("is_closed", "=", False)],
            groupby=["team_id", "priority", "sla_failed"],
            aggregates=["__count", "user_id:count"],
        )
        for team, priority, sla_failed, count, assigned in groups:
            team_counts = counts[team.id]
            team_counts["open"] += count
            team_counts["unassigned"] += count - assigned
            if priority == "3":
                team_counts["urgent"] += count
            if sla_failed:
                team_counts["sla_failed"] += count
        for team in self:
            team_counts = counts[team.id]
            team.open_ticket_count = team_counts["open"]
            team.unassigned_ticket_count = team_counts["unassigned"]
            team.urgent_ticket_count = team_counts["urgent"]
            team.sla_failed_ticket_count = team_counts["sla_failed"]

    def _compute_visit_counts(self):
        """Today's and overdue visits of each team, in two grouped queries."""
        Visit = self.env["after_sales.visit"]
        today = dict(
            Visit._read_group(
                [
                    ("team_id", "in", self.ids),
                    ("planned_date", "=", fields.Date.context_today(self)),
                    ("state", "in", ("planned", "in_progress", "done")),
                ],
                ["team_id"],
                ["__count"],
            )
        )
        overdue = dict(
            Visit._read_group(
                [("team_id", "in", self.ids), ("is_overdue", "=", True)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.today_visit_count = today.get(team, 0)
            team.overdue_visit_count = overdue.get(team, 0)

    def action_open_visits(self):
        """The team's visits: today's, or the overdue ones."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_visit"
        )
        action["domain"] = [("team_id", "=", self.id)]
        overdue = self.env.context.get("visit_filter") == "overdue"
        action["context"] = {
            "default_team_id": self.id,
            "search_default_filter_overdue" if overdue else "search_default_filter_today": 1,
        }
        action["views"] = [(False, "list"), (False, "calendar"), (False, "kanban"), (False, "form")]
        return action

    def _compute_performance(self):
        """The last 30 days of each team, in two grouped queries."""
        tickets = self.env["after_sales.ticket"]
        domain = [
            ("team_id", "in", self.ids),
            ("is_closed", "=", True),
            ("date_closed", ">=", fields.Datetime.now() - timedelta(days=30)),
        ]
        resolution = {
            team: (count, hours)
            for team, count, hours in tickets._read_group(
                domain, ["team_id"], ["__count", "resolution_hours:avg"]
            )
        }
        success = dict(
            tickets._read_group(
                domain + [("sla_policy_id", "!=", False)], ["team_id"], ["sla_success:avg"]
            )
        )
        for team in self:
            count, hours = resolution.get(team, (0, 0.0))
            team.closed_recent_count = count
            team.avg_resolution_hours = hours or 0.0
            team.sla_success_rate = success.get(team) or 0.0
            team.performance_summary = (
                self.env._(
                    "SLA met %(rate)s %% · %(hours)s to solve",
                    rate=round(team.sla_success_rate),
                    hours=format_hours(self.env, team.avg_resolution_hours),
                )
                if count
                else self.env._("No ticket closed in the last 30 days")
            )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams._add_leader_to_members()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if "leader_id" in vals or "member_ids" in vals:
            self._add_leader_to_members()
        return result

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("after_sales.ticket")
        if self.id:
            values["alias_defaults"] = {"team_id": self.id, "channel": "email"}
        return values

    def action_open_tickets(self):
        """Open the team's tickets, pre-filtered by the dashboard counter clicked."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        context = {
            "default_team_id": self.id,
            "search_default_team_id": self.id,
            "search_default_filter_open": 1,
        }
        counter_filter = self.env.context.get("ticket_filter")
        if counter_filter:
            context[f"search_default_filter_{counter_filter}"] = 1
        action["context"] = context
        action["display_name"] = self.env._("%(team)s Tickets", team=self.name)
        return action

    def _add_leader_to_members(self):
        # archived users count as members too (else linking them again would never end)
        teams = self.with_context(active_test=False)
        for team in teams.filtered(lambda t: t.leader_id and t.leader_id not in t.member_ids):
            team.member_ids = [fields.Command.link(team.leader_id.id)]
