"""What the customer says afterwards: the return call scheduled when a ticket
closes, its outcome, the satisfaction rating (Odoo's rating mixin), and the
complaint a dissatisfied customer opens by saying so."""

from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK

RETURN_CALL_OUTCOMES = [
    ("satisfied", "Satisfied"),
    ("not_satisfied", "Not Satisfied"),
    ("not_reached", "Not Reached"),
]


class AfterSalesTicket(models.Model):
    _name = "after_sales.ticket"
    _inherit = ["after_sales.ticket", "rating.mixin"]

    return_call_date = fields.Date(
        string="Return Call Due",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="When the customer is called back after the ticket closed.",
    )
    return_call_outcome = fields.Selection(
        RETURN_CALL_OUTCOMES, copy=False, tracking=True, index="btree_not_null"
    )
    return_call_note = fields.Text(copy=False)
    return_call_done_on = fields.Date(string="Called Back on", copy=False, readonly=True)
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

    def _compute_complaint_count(self):
        counts = dict(
            self._read_group(
                [("complaint_origin_id", "in", self.ids)], ["complaint_origin_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.complaint_count = counts.get(ticket, 0)

    # ------------------------------------------------------------------
    # Rating mixin hooks
    # ------------------------------------------------------------------

    def _rating_get_partner(self):
        return self.partner_id

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _rating_get_parent_field_name(self):
        return "team_id"

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        """A dissatisfied rating (the sad face) opens a complaint about the ticket."""
        result = super().rating_apply(rate, token=token, rating=rating, feedback=feedback, **kwargs)
        if rate < RATING_LIMIT_OK:
            # sudo: the customer rates on a public page; the complaint is the team's
            self.sudo().filtered(lambda ticket: not ticket.complaint_ids)._open_complaint(
                self.env._("Dissatisfied rating: %s", feedback or self.env._("no comment"))
            )
        return result

    # ------------------------------------------------------------------
    # CRUD: closing schedules the return call; its outcome is recorded
    # ------------------------------------------------------------------

    def write(self, vals):
        opening = self.filtered(lambda ticket: not ticket.is_closed) if "stage_id" in vals else None
        result = super().write(vals)
        if opening:
            opening.filtered("is_closed")._schedule_return_calls()
        if vals.get("return_call_outcome"):
            self._record_return_call()
        return result

    def _schedule_return_calls(self):
        """A return call N days after closing (per team; none when zero): an activity
        of type Return Call for the assignee, or a return visit where the team says so.
        Complaints and cancelled tickets get none."""
        activity_type = self.env.ref("after_sales.mail_activity_type_return_call")
        tickets = self.filtered(
            lambda t: (
                t.team_id.return_call_days > 0
                and t.ticket_type != "complaint"
                and t.stage_id.progress_event == "job_done"
                and not t.return_call_date
            )
        )
        visits = []
        for ticket in tickets:
            due = fields.Date.context_today(ticket) + timedelta(
                days=ticket.team_id.return_call_days
            )
            ticket._write_flow({"return_call_date": due})
            user = ticket.user_id or ticket.team_id.leader_id or self.env.user
            if ticket.team_id.return_call_mode == "visit":
                visits.append(
                    {
                        "partner_id": ticket.partner_id.commercial_partner_id.id,
                        "site_partner_id": ticket.partner_id.id,
                        "company_id": ticket.company_id.id,
                        "team_id": ticket.team_id.id,
                        "user_id": user.id,
                        "purpose": "return_visit",
                        "date_start": datetime.combine(due, time(10)),
                    }
                )
            else:
                ticket.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=due,
                    user_id=user.id,
                    summary=self.env._("Ask %s how it went", ticket.partner_id.name or ""),
                )
        if visits:
            # sudo: the return visit is planned by the closing of the ticket
            self.env["after_sales.visit"].sudo().create(visits)

    def _record_return_call(self):
        """The call is done: its activity is closed; a dissatisfied customer opens a
        complaint."""
        self._write_flow({"return_call_done_on": fields.Date.context_today(self)})
        activity_type = self.env.ref("after_sales.mail_activity_type_return_call")
        for ticket in self:
            ticket.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(
                feedback=dict(RETURN_CALL_OUTCOMES)[ticket.return_call_outcome]
                + (f": {ticket.return_call_note}" if ticket.return_call_note else "")
            )
        self.filtered(
            lambda t: t.return_call_outcome == "not_satisfied" and not t.complaint_ids
        )._open_complaint(self.env._("Not satisfied on the return call"))

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

    def action_open_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ratings"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["views"] = [(False, "list"), (False, "form")]
        return action

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("complaint_origin_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
