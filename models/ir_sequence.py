"""Drawing many numbers of a yearly sequence at once, as ``ir.sequence`` would one by
one. It reads Odoo's own storage of numbers (one PostgreSQL sequence per date range,
named ``ir_sequence_<id>_<range id>``): re-check on upgrade; tests/test_numbering.py
compares it number for number with ``ir.sequence._next``."""

from collections import defaultdict

from odoo import models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _after_sales_next_numbers(self, dates):
        """Draw one number per date of ``dates`` (a list, one per new record), in
        that order: one query per year of the batch, not one per record. Sequences
        without a yearly range, or without gaps allowed, are drawn one by one."""
        self.ensure_one()
        if not self.use_date_range or self.implementation != "standard":
            return [self._next(sequence_date=date) for date in dates]
        by_range = defaultdict(list)  # date range -> positions in ``dates``
        ranges = self.date_range_ids
        for position, date in enumerate(dates):
            date_range = next(
                (r for r in ranges if r.date_from <= date <= r.date_to), None
            ) or self._after_sales_open_date_range(date)
            ranges |= date_range
            by_range[date_range].append(position)
        numbers = [None] * len(dates)
        for date_range, positions in by_range.items():
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    f"ir_sequence_{self.id:03d}_{date_range.id:03d}",
                    len(positions),
                )
            )
            drawn = sorted(row[0] for row in self.env.cr.fetchall())
            # as ir.sequence._next(sequence_date=...): the range's dates fill the
            # %(range_...)s of the prefix and suffix, today the others
            prefix, suffix = self.with_context(
                ir_sequence_date_range=date_range.date_from
            )._get_prefix_suffix()
            for position, number in zip(positions, drawn, strict=True):
                numbers[position] = f"{prefix}{number:0{self.padding}d}{suffix}"
        return numbers

    def _after_sales_open_date_range(self, date):
        """Create the range for the year of ``date``, one transaction at a time: two
        requests opening the same year at once would each create a range and draw
        the same numbers. The first to touch the sequence's row goes on; the other
        one fails to serialize and Odoo retries it, finding the range made."""
        self.env.cr.execute(
            SQL("UPDATE ir_sequence SET write_date = write_date WHERE id = %s", self.id)
        )
        return self._create_date_range_seq(date)
