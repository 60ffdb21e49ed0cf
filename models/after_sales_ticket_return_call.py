"""The return call: closing a ticket schedules a call (or a return visit) after the
team's days; its outcome is recorded, closes the call and, when the customer is not
satisfied, opens a complaint about the ticket."""

from datetime import datetime, time, timedelta

from odoo import fields, models

RETURN_CALL_OUTCOMES = [
    ("satisfied", "Satisfied"),
    ("not_satisfied", "Not Satisfied"),
    ("not_reached", "Not Reached"),
]


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

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

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

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
