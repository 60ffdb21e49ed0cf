"""Complaints held to the standard: acknowledged within 24 hours, an analysis and
treatment plan within 72 hours, resolved within a month (Settings), the technician
concerned and the manager's follow-up; the complaint a dissatisfied customer opens
(on the return call or by rating), linked to the ticket it is about."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from .selections import SLA_STATUSES

COMPLAINT_FOLLOWUPS = [
    ("none", "No Action"),
    ("warning", "Warning"),
    ("training", "Training"),
    ("penalty", "Penalty"),
]
# Hours to acknowledge and to plan, months to resolve (Settings).
COMPLAINT_CLOCKS = ("ack_hours", "plan_hours", "resolve_months")


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    complaint_origin_id = fields.Many2one(
        "after_sales.ticket",
        string="Complaint About",
        copy=False,
        index="btree_not_null",
        help="The ticket this complaint is about.",
    )
    complaint_ids = fields.One2many(
        "after_sales.ticket", "complaint_origin_id", string="Complaints"
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    # the verdict and who it concerns are the company's business, not the customer's
    complaint_user_id = fields.Many2one(
        "res.users",
        string="Technician Concerned",
        tracking=True,
        index="btree_not_null",
        groups="base.group_user",
    )
    complaint_justified = fields.Boolean(
        string="Justified", tracking=True, groups="base.group_user"
    )
    complaint_plan = fields.Html(
        string="Analysis and Treatment Plan", copy=False, sanitize_style=True
    )
    complaint_plan_date = fields.Datetime(string="Plan Given on", copy=False, readonly=True)
    complaint_ack_deadline = fields.Datetime(
        string="Acknowledge By", compute="_compute_complaint_deadlines", store=True
    )
    complaint_plan_deadline = fields.Datetime(
        string="Plan By", compute="_compute_complaint_deadlines", store=True
    )
    complaint_resolve_deadline = fields.Datetime(
        string="Resolve By", compute="_compute_complaint_deadlines", store=True
    )
    complaint_ack_status = fields.Selection(
        SLA_STATUSES,
        string="Acknowledged (24 h)",
        compute="_compute_complaint_statuses",
        store=True,
    )
    complaint_plan_status = fields.Selection(
        SLA_STATUSES, string="Plan (72 h)", compute="_compute_complaint_statuses", store=True
    )
    complaint_resolve_status = fields.Selection(
        SLA_STATUSES, string="Resolved (1 month)", compute="_compute_complaint_statuses", store=True
    )
    complaint_followup = fields.Selection(
        COMPLAINT_FOLLOWUPS, string="Follow-up", tracking=True, copy=False, groups="base.group_user"
    )
    complaint_followup_date = fields.Date(
        string="Follow-up on", copy=False, tracking=True, groups="base.group_user"
    )

    def _compute_complaint_count(self):
        counts = dict(
            self._read_group(
                [("complaint_origin_id", "in", self.ids)], ["complaint_origin_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.complaint_count = counts.get(ticket, 0)

    @api.model
    def _complaint_clocks(self):
        setting = self.env["res.config.settings"]._after_sales_setting
        return {key: setting(f"after_sales_complaint_{key}") for key in COMPLAINT_CLOCKS}

    @api.depends("ticket_type", "date_open")
    def _compute_complaint_deadlines(self):
        clocks = self._complaint_clocks()
        for ticket in self:
            if ticket.ticket_type != "complaint" or not ticket.date_open:
                ticket.complaint_ack_deadline = False
                ticket.complaint_plan_deadline = False
                ticket.complaint_resolve_deadline = False
                continue
            opened = ticket.date_open
            ticket.complaint_ack_deadline = opened + timedelta(hours=clocks["ack_hours"])
            ticket.complaint_plan_deadline = opened + timedelta(hours=clocks["plan_hours"])
            ticket.complaint_resolve_deadline = opened + relativedelta(
                months=clocks["resolve_months"]
            )

    @api.depends(
        "complaint_ack_deadline",
        "complaint_plan_deadline",
        "complaint_resolve_deadline",
        "response_date",
        "complaint_plan_date",
        "date_closed",
    )
    def _compute_complaint_statuses(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.complaint_ack_status = ticket._sla_status(
                ticket.complaint_ack_deadline, ticket.response_date, now
            )
            ticket.complaint_plan_status = ticket._sla_status(
                ticket.complaint_plan_deadline, ticket.complaint_plan_date, now
            )
            ticket.complaint_resolve_status = ticket._sla_status(
                ticket.complaint_resolve_deadline, ticket.date_closed, now
            )

    def action_submit_complaint_plan(self):
        """The analysis and treatment plan is written: the 72-hour milestone."""
        if not (self.env.su or self.env.user.has_group("after_sales.group_after_sales_user")):
            raise AccessError(
                self.env._("Only the after-sales staff gives a complaint's treatment plan.")
            )
        for ticket in self:
            if ticket.ticket_type != "complaint":
                raise UserError(self.env._("Ticket %s is not a complaint.", ticket.display_name))
            if is_html_empty(ticket.complaint_plan):
                raise UserError(
                    self.env._(
                        "Write the analysis and treatment plan of complaint %s first.",
                        ticket.display_name,
                    )
                )
        now = fields.Datetime.now()
        for ticket in self.filtered(lambda t: not t.complaint_plan_date):
            values = {"complaint_plan_date": now}
            if not ticket.response_date:
                values["response_date"] = now
            ticket._write_flow(values)
            ticket.message_post(
                body=self.env._("Analysis and treatment plan given."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("complaint_origin_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _open_complaint(self, reason):
        """A complaint ticket about each ticket of ``self``, linked to it; the team
        leader gets an activity."""
        if not self:
            return self.browse()
        complaints = self.create(
            [
                {
                    "name": self.env._("Complaint: %s", ticket.name),
                    "ticket_type": "complaint",
                    "partner_id": ticket.partner_id.id,
                    "team_id": ticket.team_id.id,
                    "company_id": ticket.company_id.id,
                    "complaint_origin_id": ticket.id,
                    "complaint_user_id": ticket.user_id.id,
                    "channel": ticket.channel,
                    "priority": "2",
                    # the reason may quote the customer's own words: escaped
                    "description": Markup("<p>%s</p>") % reason,
                }
                for ticket in self
            ]
        )
        for complaint in complaints.filtered("team_id.leader_id"):
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=complaint.team_id.leader_id.id,
                summary=self.env._("Complaint about %s", complaint.complaint_origin_id.number),
            )
        return complaints

    @api.model
    def _cron_complaint_clocks(self):
        """Complaint clocks whose deadline passed while still ongoing turn failed (the
        statuses are stored for the SLA report); returns the complaints updated."""
        now = fields.Datetime.now()
        late = self.search(
            [
                ("ticket_type", "=", "complaint"),
                "|",
                "|",
                "&",
                ("complaint_ack_status", "=", "ongoing"),
                ("complaint_ack_deadline", "<", now),
                "&",
                ("complaint_plan_status", "=", "ongoing"),
                ("complaint_plan_deadline", "<", now),
                "&",
                ("complaint_resolve_status", "=", "ongoing"),
                ("complaint_resolve_deadline", "<", now),
            ]
        )
        if late:
            self.env.add_to_compute(self._fields["complaint_ack_status"], late)
            late.flush_recordset()
        return late
