from datetime import timedelta

from pytz import utc

from odoo import models

# Each attempt doubles the span searched for working time: 9 attempts reach years
# ahead, and a deadline still not found there is left empty rather than overflow.
MAX_ATTEMPTS = 9


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _after_sales_plan_hours_batch(self, requests):
        """Plan many working-hour offsets on this calendar at once.

        ``requests`` is a list of ``(start, hours)`` with naive UTC datetimes.
        Returns the list of naive UTC deadlines, in the same order. Working
        intervals (attendances minus global leaves) are fetched once for the
        whole span instead of once per request, so bulk ticket creation stays
        at a constant number of queries per calendar.
        """
        self.ensure_one()
        if not requests:
            return []
        start = min(begin for begin, _hours in requests).replace(tzinfo=utc)
        max_hours = max(hours for _begin, hours in requests)
        # a first span just long enough for the longest target on working days (and a
        # weekend); each attempt doubles it
        day_hours = max(self.hours_per_day, 1.0)
        span = timedelta(days=int(max_hours / day_hours * 7 / 5) + 3)
        latest = max(begin for begin, _hours in requests).replace(tzinfo=utc)
        for _attempt in range(MAX_ATTEMPTS):
            intervals = [
                (begin.astimezone(utc), stop.astimezone(utc))
                for begin, stop, _meta in self._work_intervals_batch(start, latest + span)[False]
            ]
            deadlines = [
                self._after_sales_walk(intervals, begin, hours) for begin, hours in requests
            ]
            if all(deadline is not None for deadline in deadlines):
                return deadlines
            span *= 2
        return [deadline or False for deadline in deadlines]

    @staticmethod
    def _after_sales_walk(intervals, begin, hours):
        """Return the moment ``hours`` of work after ``begin`` within ``intervals``."""
        begin = begin.replace(tzinfo=utc)
        remaining = hours
        for interval_start, interval_stop in intervals:
            if interval_stop <= begin:
                continue
            counted_from = max(interval_start, begin)
            available = (interval_stop - counted_from).total_seconds() / 3600
            if remaining <= available:
                deadline = counted_from + timedelta(hours=remaining)
                return deadline.replace(tzinfo=None, microsecond=0)
            remaining -= available
        return None
