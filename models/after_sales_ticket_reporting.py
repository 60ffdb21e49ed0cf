"""Service tickets: the figures a service manager analyses (working hours to first
response and to resolution, SLA success, cost, revenue and margin per ticket)."""

from odoo import api, fields, models


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    response_hours = fields.Float(
        string="Hours to First Response",
        compute="_compute_working_times",
        store=True,
        aggregator="avg",
        help="The team's working hours from the opening to the first response.",
    )
    resolution_hours = fields.Float(
        string="Hours to Resolution",
        compute="_compute_working_times",
        store=True,
        aggregator="avg",
        help="The team's working hours from the opening to the closing, time in "
        "stages that pause the SLA excluded.",
    )
    sla_success = fields.Float(
        string="SLA Success (%)",
        compute="_compute_sla_success",
        store=True,
        aggregator="avg",
        help="100 for a closed ticket that met every target of its SLA policy, 0 "
        "otherwise: averaged over closed tickets, it is the SLA success rate.",
    )
    revenue = fields.Monetary(
        compute="_compute_revenue",
        compute_sudo=True,
        store=True,
        help="Untaxed amount of the ticket's posted invoices, less its credit notes.",
    )
    margin = fields.Monetary(
        compute="_compute_margin",
        store=True,
        help="Revenue less the cost of parts and labour.",
    )

    @api.depends("date_open", "response_date", "date_closed", "sla_paused_working_hours")
    def _compute_working_times(self):
        for ticket in self:
            calendar = ticket._sla_calendar()
            ticket.response_hours = ticket._working_hours_between(
                calendar, ticket.date_open, ticket.response_date
            )
            ticket.resolution_hours = max(
                ticket._working_hours_between(calendar, ticket.date_open, ticket.date_closed)
                - ticket.sla_paused_working_hours,
                0.0,
            )

    @api.depends("is_closed", "sla_failed", "sla_policy_id")
    def _compute_sla_success(self):
        for ticket in self:
            met = ticket.is_closed and ticket.sla_policy_id and not ticket.sla_failed
            ticket.sla_success = 100.0 if met else 0.0

    @api.depends("invoice_ids.state", "invoice_ids.amount_untaxed_signed")
    def _compute_revenue(self):
        for ticket in self:
            ticket.revenue = sum(
                ticket.invoice_ids.filtered(lambda move: move.state == "posted").mapped(
                    "amount_untaxed_signed"
                )
            )

    @api.depends("revenue", "parts_cost", "labour_cost")
    def _compute_margin(self):
        for ticket in self:
            ticket.margin = ticket.revenue - ticket.parts_cost - ticket.labour_cost

    @staticmethod
    def _working_hours_between(calendar, start, stop):
        if not (start and stop) or stop <= start:
            return 0.0
        if not calendar:
            return (stop - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, stop)
