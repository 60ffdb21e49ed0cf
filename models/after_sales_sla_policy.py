from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .selections import TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_TYPES

# An SLA target longer than a year is a typing error (and would plan nothing useful).
MAX_TARGET_HOURS = 8784


def format_hours(env, hours):
    """A duration as people say it: "4 h", "1 h 30 min", "30 min"."""
    whole, minutes = divmod(round(hours * 60), 60)
    if not whole:
        return env._("%s min", minutes)
    if not minutes:
        return env._("%s h", whole)
    return env._("%(hours)s h %(minutes)s min", hours=whole, minutes=minutes)


class AfterSalesSlaPolicy(models.Model):
    _name = "after_sales.sla.policy"
    _description = "After-Sales SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        index=True,
        help="Leave empty to apply the policy in every company.",
    )
    team_id = fields.Many2one(
        "after_sales.team",
        index=True,
        check_company=True,
        help="Leave empty to apply the policy to every team.",
    )
    ticket_type = fields.Selection(TICKET_TYPES, help="Leave empty for every type.")
    priority = fields.Selection(TICKET_PRIORITIES, help="Leave empty for every priority.")
    category = fields.Selection(TICKET_CATEGORIES, help="Leave empty for every category.")
    time_basis = fields.Selection(
        [("working", "Team working hours"), ("calendar", "Round the clock")],
        required=True,
        default="working",
        help="Working hours count only the team's working calendar (leaves excluded); "
        "round the clock counts every hour, as for a 24-hour hotline.",
    )
    response_hours = fields.Float(
        string="First Response (hours)", help="0 means no first-response target."
    )
    resolution_hours = fields.Float(
        string="Resolution (hours)", help="0 means no resolution target."
    )
    response_target = fields.Char(string="First Response", compute="_compute_targets")
    resolution_target = fields.Char(string="Resolution", compute="_compute_targets")

    @api.depends("team_id")
    def _compute_company_id(self):
        for policy in self.filtered("team_id"):
            policy.company_id = policy.team_id.company_id

    @api.depends("response_hours", "resolution_hours", "time_basis")
    def _compute_targets(self):
        for policy in self:
            policy.response_target = policy._format_target(policy.response_hours)
            policy.resolution_target = policy._format_target(policy.resolution_hours)

    def _format_target(self, hours):
        """A target as people say it: "4 h", "1 h 30 min", "30 days", "no target"."""
        self.ensure_one()
        if not hours:
            return self.env._("no target")
        if self.time_basis == "calendar" and hours >= 24 and not hours % 24:
            days = int(hours // 24)
            return self.env._("1 day") if days == 1 else self.env._("%s days", days)
        return format_hours(self.env, hours)

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours < 0 or policy.resolution_hours < 0:
                raise ValidationError(
                    self.env._("SLA policy “%s”: target hours cannot be negative.", policy.name)
                )
            if max(policy.response_hours, policy.resolution_hours) > MAX_TARGET_HOURS:
                raise ValidationError(
                    self.env._(
                        "SLA policy “%(policy)s”: a target cannot exceed %(hours)s hours "
                        "(a year); set 0 for no target.",
                        policy=policy.name,
                        hours=MAX_TARGET_HOURS,
                    )
                )

    def _specificity(self):
        """How many criteria the policy sets: the most specific match wins."""
        self.ensure_one()
        return sum(
            bool(value) for value in (self.team_id, self.ticket_type, self.priority, self.category)
        )

    def _matches(self, ticket):
        self.ensure_one()
        return (
            (not self.company_id or self.company_id == ticket.company_id)
            and (not self.team_id or self.team_id == ticket.team_id)
            and (not self.ticket_type or self.ticket_type == ticket.ticket_type)
            and (not self.priority or self.priority == ticket.priority)
            and (not self.category or self.category == ticket.category)
        )
