"""Service tickets: SLA policy, deadlines, status, pauses, first response and watchdog."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from .selections import SLA_STATUSES

# How many failed tickets a leader's digest lists by name (the rest are counted).
DIGEST_TICKETS = 50


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    is_sla_paused = fields.Boolean(related="stage_id.pauses_sla", string="SLA Paused")
    sla_policy_id = fields.Many2one(
        "after_sales.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        index=True,
    )
    response_deadline = fields.Datetime(
        string="First Response Deadline", compute="_compute_sla_deadlines", store=True
    )
    resolution_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True)
    response_date = fields.Datetime(string="First Response on", copy=False, readonly=True)
    response_status = fields.Selection(
        SLA_STATUSES, string="First Response SLA", compute="_compute_sla_status", store=True
    )
    resolution_status = fields.Selection(
        SLA_STATUSES, string="Resolution SLA", compute="_compute_sla_status", store=True
    )
    sla_failed = fields.Boolean(
        string="SLA Failed", compute="_compute_sla_status", store=True, index=True
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_status",
        store=True,
        index=True,
        help="The next deadline still to be met: first response, then resolution.",
    )
    sla_deadline_passed = fields.Boolean(
        compute="_compute_sla_deadline_passed",
        help="The deadline shown on the ticket has passed (the clock is not paused).",
    )
    sla_failure_notified = fields.Boolean(copy=False, readonly=True)

    @api.depends("company_id", "team_id", "ticket_type", "priority", "category", "contract_id")
    def _compute_sla_policy_id(self):
        policies = self.env["after_sales.sla.policy"].search(
            ["|", ("team_id", "=", False), ("team_id", "in", self.team_id.ids)]
        )
        for ticket in self:
            if ticket.category == "B" and ticket.contract_id.sla_policy_id:
                ticket.sla_policy_id = ticket.contract_id.sla_policy_id
                continue
            matching = policies.filtered(lambda policy, t=ticket: policy._matches(t))
            ticket.sla_policy_id = max(
                matching,
                key=lambda policy: (policy._specificity(), -policy.sequence),
                default=False,
            )

    @api.depends(
        "date_open",
        "sla_policy_id",
        "team_id.resource_calendar_id",
        "sla_paused_hours",
        "sla_paused_working_hours",
    )
    def _compute_sla_deadlines(self):
        targets = []  # (ticket, field, start, hours, round the clock)
        for ticket in self:
            ticket.response_deadline = ticket.resolution_deadline = False
            policy = ticket.sla_policy_id
            if not policy or not ticket.date_open:
                continue
            for fname, hours in (
                ("response_deadline", policy.response_hours),
                ("resolution_deadline", policy.resolution_hours),
            ):
                if hours:
                    targets.append(
                        (ticket, fname, ticket.date_open, hours, policy.time_basis == "calendar")
                    )
        self._sla_plan_deadlines(targets)

    @api.depends(
        "response_deadline",
        "resolution_deadline",
        "response_date",
        "date_closed",
        "stage_id.pauses_sla",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.response_status = ticket._sla_status(
                ticket.response_deadline, ticket.response_date, now
            )
            ticket.resolution_status = ticket._sla_status(
                ticket.resolution_deadline, ticket.date_closed, now
            )
            ticket.sla_failed = "failed" in (ticket.response_status, ticket.resolution_status)
            ongoing = [
                deadline
                for status, deadline in (
                    (ticket.response_status, ticket.response_deadline),
                    (ticket.resolution_status, ticket.resolution_deadline),
                )
                if status == "ongoing"
            ]
            ticket.sla_deadline = min(ongoing, default=False)

    def _compute_sla_deadline_passed(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.sla_deadline_passed = bool(
                ticket.sla_deadline and ticket.sla_deadline < now and not ticket.is_sla_paused
            )

    def _sla_calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_is_paused(self):
        self.ensure_one()
        return self.stage_id.pauses_sla

    def _stage_change_values(self, new_stage, now, stages, old_stage=None):
        """Start or stop the SLA pause when the ticket enters or leaves a pausing stage."""
        values = super()._stage_change_values(new_stage, now, stages, old_stage=old_stage)
        old_stage = self.stage_id if old_stage is None else old_stage
        if old_stage == new_stage:
            return values
        if old_stage.pauses_sla and not new_stage.pauses_sla and self.sla_pause_start:
            values.update(self._paused_time_values(self.sla_pause_start, now))
            values["sla_pause_start"] = False
        elif new_stage.pauses_sla and not old_stage.pauses_sla:
            values["sla_pause_start"] = now
        return values

    def _message_post_after_hook(self, message, msg_vals):
        """A public reply of an internal user to the customer is the first response, and
        gives the ticket to its author when nobody holds it."""
        result = super()._message_post_after_hook(message, msg_vals)
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda user: not user.share)
        ):
            self._after_sales_work_started(move_stage=False)
        return result

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """The watchdog's activities leave their leader a follower of nothing: one
        digest per run tells them, not every later message of thousands of tickets."""
        if self.env.context.get("after_sales_sla_activities"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    @api.model
    def _cron_sla_watchdog(self):
        """Mark SLAs that passed their deadline as failed and warn the team leader.

        Idempotent: a ticket gets one activity for its failure, however often
        the watchdog runs.
        """
        now = fields.Datetime.now()
        # sla_deadline is the earliest deadline still ongoing (indexed): past it, the
        # ticket failed a target
        overdue = self.search(
            [
                ("sla_deadline", "<", now),
                ("is_closed", "=", False),
                ("is_sla_paused", "=", False),
            ]
        )
        if overdue:
            self.env.add_to_compute(self._fields["response_status"], overdue)
            overdue.flush_recordset()
        self._cron_complaint_clocks()
        to_notify = self.search([("sla_failed", "=", True), ("sla_failure_notified", "=", False)])
        to_notify._notify_sla_failure()
        return to_notify

    def _notify_sla_failure(self):
        """One *SLA Failed* activity per failed ticket for its team leader (else its
        assignee), created in one batch without an email each, and one digest per
        leader listing the tickets that failed in this run."""
        sla_failed = self.env.ref("after_sales.mail_activity_type_sla_failed")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        activity_vals = []
        by_leader = defaultdict(list)
        for ticket in self:
            leader = ticket.team_id.leader_id or ticket.user_id
            if not leader:
                continue
            by_leader[leader].append(ticket)
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": sla_failed.id,
                    "user_id": leader.id,
                    # plain text (the ticket's subject comes from outside) and no note:
                    # sanitizing 10,000 notes costs the watchdog more than the rest of
                    # the activities; the digest says what to do
                    "summary": self.env._(
                        "SLA failed (%(policy)s): %(ticket)s",
                        policy=ticket.sla_policy_id.name or self.env._("no policy"),
                        ticket=ticket.display_name,
                    ),
                    "date_deadline": today,
                }
            )
        if activity_vals:
            # quick update: no "activity assigned" email per activity, the digest says it
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True, after_sales_sla_activities=True
            ).create(activity_vals)
        for leader, tickets in by_leader.items():
            self._send_sla_digest(leader, tickets)
        # a ticket nobody leads stays to notify until its team gets a leader or it an assignee
        # a bookkeeping flag, tracked by nobody: no tracking values read for the batch
        self.browse([vals["res_id"] for vals in activity_vals]).with_context(
            tracking_disable=True
        )._write_flow({"sla_failure_notified": True})

    @api.model
    def _send_sla_digest(self, leader, tickets):
        """Tell ``leader`` in one message which tickets just failed their SLA."""
        shown = tickets[:DIGEST_TICKETS]
        items = Markup("").join(Markup("<li>%s</li>") % ticket._get_html_link() for ticket in shown)
        more = len(tickets) - len(shown)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(count)s tickets missed their SLA: each has an activity for you. "
                "Reassign or escalate them.",
                count=len(tickets),
            ),
            items,
        )
        if more:
            body += Markup("<p>%s</p>") % self.env._("... and %s more.", more)
        self.env["mail.thread"].message_notify(
            partner_ids=leader.partner_id.ids,
            subject=self.env._("SLA failed on %s tickets", len(tickets)),
            body=body,
            subtype_xmlid="mail.mt_note",
        )
