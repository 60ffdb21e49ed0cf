"""SLA clocks shared by after-sales documents (tickets now, visits later): pauses
counted in round-the-clock and working hours, deadlines planned in a calendar, and
the status of a deadline."""

from collections import defaultdict
from datetime import timedelta

from odoo import fields, models


class AfterSalesSlaMixin(models.AbstractModel):
    _name = "after_sales.sla.mixin"
    _description = "After-Sales SLA Clock"

    sla_pause_start = fields.Datetime(copy=False, readonly=True)
    sla_paused_hours = fields.Float(
        string="Paused Hours",
        copy=False,
        readonly=True,
        help="Round-the-clock hours spent in stages that pause the SLA.",
    )
    sla_paused_working_hours = fields.Float(
        string="Paused Working Hours",
        copy=False,
        readonly=True,
        help="Working hours spent in stages that pause the SLA.",
    )

    def _sla_calendar(self):
        """The working calendar the record's SLA hours are counted in."""
        self.ensure_one()
        return self.company_id.resource_calendar_id

    def _sla_is_paused(self):
        """Whether the record's clock stands still right now."""
        self.ensure_one()
        return bool(self.sla_pause_start)

    def _sla_status(self, deadline, reached_on, now):
        if not deadline:
            return False
        if reached_on:
            return "reached" if reached_on <= deadline else "failed"
        if deadline < now and not self._sla_is_paused():
            return "failed"
        return "ongoing"

    def _paused_time_values(self, start, stop):
        """The pause counters once the clock stood still from ``start`` to ``stop``."""
        calendar = self._sla_calendar()
        working = calendar.get_work_hours_count(start, stop) if calendar else 0.0
        return {
            "sla_paused_hours": self.sla_paused_hours + (stop - start).total_seconds() / 3600,
            "sla_paused_working_hours": self.sla_paused_working_hours + working,
        }

    def _sla_plan_deadlines(self, targets):
        """Write each deadline of ``targets``: (record, field name, start, hours,
        round_the_clock). Working-hour deadlines are planned one batch per calendar,
        and the record's paused time pushes its deadline back."""
        by_calendar = defaultdict(list)
        for record, fname, start, hours, round_the_clock in targets:
            calendar = record._sla_calendar()
            if round_the_clock or not calendar or not calendar.attendance_ids:
                record[fname] = start + timedelta(hours=hours + record.sla_paused_hours)
            else:
                by_calendar[calendar].append(
                    (record, fname, start, hours + record.sla_paused_working_hours)
                )
        for calendar, requests in by_calendar.items():
            deadlines = calendar._after_sales_plan_hours_batch(
                [(start, hours) for _record, _fname, start, hours in requests]
            )
            for (record, fname, _start, _hours), deadline in zip(requests, deadlines, strict=True):
                record[fname] = deadline
