"""Warranty card numbers become unique per company (after_sales.numbered.mixin).

A database numbered before could hold two cards of one company with the same number
(typed in, or imported): the later ones get a suffix (WC/2026/00007-2), so that the
constraint can be created and no card is lost. Every card keeps its number's root.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def renumber_duplicate_cards(cr):
    """Suffix the second and later cards sharing a company and number; return how
    many were renumbered."""
    cr.execute(
        SQL(
            """
            WITH ranked AS (
                SELECT id, number,
                       row_number() OVER (PARTITION BY company_id, number ORDER BY id) AS rank
                  FROM after_sales_warranty_card
                 WHERE number IS NOT NULL
            )
            UPDATE after_sales_warranty_card card
               SET number = ranked.number || '-' || ranked.rank
              FROM ranked
             WHERE card.id = ranked.id AND ranked.rank > 1
         RETURNING card.id, card.number
            """
        )
    )
    renumbered = cr.fetchall()
    for card_id, number in renumbered:
        _logger.warning("Warranty card %s shared its number: it is now %s.", card_id, number)
    return len(renumbered)


def migrate(cr, version):
    if version:
        renumber_duplicate_cards(cr)
