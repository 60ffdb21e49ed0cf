"""Service tickets: warranty card lookup, coverage and the service category."""

from odoo import api, fields, models

from .selections import (
    TICKET_CATEGORIES,
)


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    category = fields.Selection(
        TICKET_CATEGORIES,
        compute="_compute_category",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        index=True,
        help="A: charged to the customer. B: under a maintenance contract. "
        "C: free, inside the warranty period. D: internal work, never invoiced.",
    )
    # Warranty coverage.
    warranty_card_id = fields.Many2one(
        "after_sales.warranty.card",
        compute="_compute_warranty_card_id",
        precompute=True,
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    warranty_end_date = fields.Date(related="warranty_card_id.end_date", string="Covered Until")
    customer_damage = fields.Boolean(
        string="Damage Caused by Customer",
        tracking=True,
        help="Misuse or accident: not covered by the warranty, even inside its period; "
        "the customer pays parts at the current price.",
    )
    under_warranty = fields.Boolean(
        compute="_compute_under_warranty",
        precompute=True,
        store=True,
        help="The ticket's warranty card covers it and the damage is not the customer's.",
    )

    @api.depends("lot_id", "partner_id", "product_id")
    def _compute_warranty_card_id(self):
        """The non-void card of the serial, else the customer's card for the product."""
        tickets = self.filtered(lambda t: t.lot_id or (t.partner_id and t.product_id))
        cards = self.env["after_sales.warranty.card"].search(
            [
                ("state", "!=", "void"),
                "|",
                ("lot_id", "in", tickets.lot_id.ids),
                "&",
                ("partner_id", "in", tickets.partner_id.commercial_partner_id.ids),
                ("product_id", "in", tickets.product_id.ids),
            ],
            order="start_date desc, id desc",
        )
        for ticket in self:
            if ticket.lot_id:  # the serial's card, the customer's own once they are known
                match = cards.filtered(
                    lambda card, t=ticket: (
                        card.lot_id == t.lot_id
                        and (
                            not t.partner_id
                            or card.partner_id.commercial_partner_id
                            == t.partner_id.commercial_partner_id
                        )
                    )
                )
            else:
                match = cards.filtered(
                    lambda card, t=ticket: (
                        card.partner_id == t.partner_id.commercial_partner_id
                        and card.product_id == t.product_id
                        and not card.lot_id
                    )
                )
            ticket.warranty_card_id = match[:1]

    @api.depends(
        "warranty_card_id.state", "warranty_card_id.end_date", "date_open", "customer_damage"
    )
    def _compute_under_warranty(self):
        for ticket in self:
            card = ticket.warranty_card_id
            ticket.under_warranty = bool(
                card
                and not ticket.customer_damage
                and ticket.date_open
                and card._covers(fields.Date.to_date(ticket.date_open))
            )

    @api.depends("under_warranty", "guarantee_state", "contract_id", "customer_damage")
    def _compute_category(self):
        """Free (C) under warranty or once a guarantee is granted (voiding the card
        afterwards changes nothing); contract (B) when a running contract covers the
        unit and the damage is not the customer's; paid (A) otherwise. Internal (D)
        jobs, and contract (B) jobs set by hand, are kept."""
        for ticket in self:
            if ticket.category == "D":
                continue
            granted = ticket.guarantee_state == "done"
            if ticket.under_warranty or granted:
                ticket.category = "C"
            elif ticket.contract_id and not ticket.customer_damage:
                ticket.category = "B"
            elif ticket.category != "B" or ticket.contract_id:
                ticket.category = "A"

    def action_open_warranty_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.warranty.card",
            "res_id": self.warranty_card_id.id,
            "view_mode": "form",
        }
