from odoo import api, fields, models
from odoo.tools import format_date


class AfterSalesWarrantyCheck(models.TransientModel):
    _name = "after_sales.warranty.check"
    _description = "Check Warranty"

    serial = fields.Char(help="Serial number read by the customer on the phone.")
    partner_id = fields.Many2one("res.partner", string="Customer")
    product_id = fields.Many2one("product.product")
    card_id = fields.Many2one(
        "after_sales.warranty.card", string="Warranty Card", compute="_compute_card_id"
    )
    card_state = fields.Selection(related="card_id.status")
    card_end_date = fields.Date(related="card_id.end_date")
    remaining_days = fields.Integer(compute="_compute_guarantees")
    can_repair = fields.Boolean(string="Free Repair", compute="_compute_guarantees")
    can_replace = fields.Boolean(string="Replacement", compute="_compute_guarantees")
    can_refund = fields.Boolean(string="Refund", compute="_compute_guarantees")
    summary = fields.Char(compute="_compute_guarantees")

    @api.depends("serial", "partner_id", "product_id")
    def _compute_card_id(self):
        cards = self.env["after_sales.warranty.card"]
        for check in self:
            domain = None
            if check.serial:
                # exact, case-insensitive, through an index: "%" and "_" are no wildcards
                lots = self.env["stock.lot"]._after_sales_find_serial(check.serial)
                domain = [("lot_id", "in", lots.ids)]
            elif check.partner_id and check.product_id:
                domain = [
                    ("partner_id", "child_of", check.partner_id.commercial_partner_id.id),
                    ("product_id", "=", check.product_id.id),
                ]
            # the card and what the check shows of it, in one query
            check.card_id = (
                cards.search_fetch(
                    domain + [("state", "!=", "void")],
                    ["state", "start_date", "end_date", "refund_until", "replace_until"],
                    order="start_date desc",
                    limit=1,
                )
                if domain
                else cards
            )

    @api.depends("card_id")
    def _compute_guarantees(self):
        today = fields.Date.today()  # coverage dates are UTC dates (see the card's _covers)
        for check in self:
            card = check.card_id
            covered = bool(card) and card._covers(today)
            check.remaining_days = (card.end_date - today).days if covered else 0
            check.can_repair = covered
            check.can_replace = covered and today <= card.replace_until
            check.can_refund = covered and today <= card.refund_until
            if not card and not (check.serial or (check.partner_id and check.product_id)):
                check.summary = self.env._(
                    "Type the serial number, or choose the customer and the product."
                )
            elif not card:
                check.summary = self.env._("No warranty card found.")
            elif not covered:
                check.summary = (
                    self.env._(
                        "Not covered: the warranty ended on %s.",
                        format_date(self.env, card.end_date),
                    )
                    if card.end_date < today
                    else self.env._("Not covered: the card is not active.")
                )
            else:
                check.summary = self.env._(
                    "Covered for %(days)s more days, until %(end)s.",
                    days=check.remaining_days,
                    end=format_date(self.env, card.end_date),
                )

    def action_open_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.warranty.card",
            "res_id": self.card_id.id,
            "view_mode": "form",
        }

    def action_create_ticket(self):
        """Open a new ticket prefilled with the checked unit."""
        self.ensure_one()
        card = self.card_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.ticket",
            "view_mode": "form",
            "context": {
                "default_partner_id": (card.partner_id or self.partner_id).id,
                "default_product_id": (card.product_id or self.product_id).id,
                "default_lot_id": card.lot_id.id,
                "default_channel": "phone",
            },
        }
