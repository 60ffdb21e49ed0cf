from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

CARD_SEQUENCE_CODE = "after_sales.warranty.card"
MANAGER_ONLY_FIELDS = {"end_date", "refund_until", "replace_until"}


class AfterSalesWarrantyCard(models.Model):
    _name = "after_sales.warranty.card"
    _description = "Warranty Card"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start_date desc, id desc"
    _rec_names_search = ["number", "lot_id.name", "partner_id.name"]
    _check_company_auto = True

    number = fields.Char(readonly=True, copy=False, index="trigram", default="/")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("void", "Void")],
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True
    )
    product_id = fields.Many2one(
        "product.product", required=True, tracking=True, index=True, check_company=True
    )
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", string="Product Template", store=True, index=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial / Lot",
        tracking=True,
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    policy_id = fields.Many2one(
        "after_sales.warranty.policy", string="Warranty Policy", required=True, tracking=True
    )
    picking_id = fields.Many2one("stock.picking", string="Delivery", index=True, copy=False)
    move_line_id = fields.Many2one("stock.move.line", index="btree_not_null", copy=False)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sale Order Line", index="btree_not_null", copy=False
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sale Order", store=True, index="btree_not_null"
    )
    invoice_id = fields.Many2one(
        "account.move",
        compute="_compute_invoice_id",
        compute_sudo=True,
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The posted customer invoice of the sale order line, once invoiced.",
    )
    replaced_card_id = fields.Many2one(
        "after_sales.warranty.card",
        string="Replaces",
        copy=False,
        readonly=True,
        help="The card of the defective unit this unit replaced.",
    )
    return_picking_id = fields.Many2one(
        "stock.picking",
        string="Returned with",
        copy=False,
        tracking=True,
        help="The customer return that brought this unit back.",
    )
    start_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_dates",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    refund_until = fields.Date(compute="_compute_dates", store=True, readonly=False)
    replace_until = fields.Date(
        string="Replacement Until", compute="_compute_dates", store=True, readonly=False
    )
    expiry_reminder_sent = fields.Boolean(copy=False, readonly=True)
    can_edit_dates = fields.Boolean(compute="_compute_can_edit_dates")
    ticket_ids = fields.One2many("after_sales.ticket", "warranty_card_id", string="Claims")
    ticket_count = fields.Integer(string="Claim Count", compute="_compute_ticket_count")

    @api.depends("start_date", "policy_id")
    def _compute_dates(self):
        for card in self:
            policy = card.policy_id
            if not card.start_date or not policy:
                continue
            card.end_date = card.start_date + relativedelta(months=policy.warranty_months)
            card.refund_until = card.start_date + relativedelta(days=policy.refund_days)
            card.replace_until = card.start_date + relativedelta(days=policy.replacement_days)

    @api.depends("sale_line_id.invoice_lines.move_id.state")
    def _compute_invoice_id(self):
        for card in self:
            card.invoice_id = card._invoice_lines()[-1:].move_id

    def _compute_can_edit_dates(self):
        self.can_edit_dates = self.env.user.has_group("after_sales.group_after_sales_manager")

    def _compute_ticket_count(self):
        counts = dict(
            self.env["after_sales.ticket"]._read_group(
                [("warranty_card_id", "in", self.ids)], ["warranty_card_id"], ["__count"]
            )
        )
        for card in self:
            card.ticket_count = counts.get(card, 0)

    @api.constrains("start_date", "end_date")
    def _check_dates(self):
        for card in self:
            if card.end_date and card.start_date and card.end_date < card.start_date:
                raise ValidationError(
                    self.env._(
                        "Warranty card %(card)s cannot end (%(end)s) before it starts (%(start)s).",
                        card=card.display_name,
                        end=card.end_date,
                        start=card.start_date,
                    )
                )

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS after_sales_warranty_card_serial_uniq "
                "ON after_sales_warranty_card (product_id, lot_id) "
                "WHERE lot_id IS NOT NULL AND state != 'void'"
            )
        )

    @api.depends("number", "product_id")
    def _compute_display_name(self):
        for card in self:
            card.display_name = (
                card.number if card.number and card.number != "/" else self.env._("Draft card")
            )

    @api.model_create_multi
    def create(self, vals_list):
        # a card voided in this transaction must be void in the database before a
        # new card of its serial is inserted (partial unique index)
        self.flush_model(["state", "lot_id"])
        self._check_serials_free(
            [
                (vals.get("product_id"), vals.get("lot_id"))
                for vals in vals_list
                if vals.get("lot_id") and vals.get("state", "draft") != "void"
            ]
        )
        cards = super().create(vals_list)
        sequences = cards.company_id._after_sales_sequences(
            CARD_SEQUENCE_CODE, self.env._("Warranty Cards"), "WC/%(range_year)s/"
        )
        for card in cards:
            if card.number == "/":
                card.number = sequences[card.company_id].next_by_id(sequence_date=card.start_date)
        return cards

    def write(self, vals):
        if MANAGER_ONLY_FIELDS & set(vals) and not self.env.user.has_group(
            "after_sales.group_after_sales_manager"
        ):
            raise AccessError(
                self.env._("Only after-sales managers can change the warranty dates of a card.")
            )
        if {"state", "lot_id", "product_id"} & set(vals) and vals.get("state") != "void":
            self._check_serials_free(
                [
                    (vals.get("product_id", card.product_id.id), vals.get("lot_id", card.lot_id.id))
                    for card in self
                    if vals.get("lot_id", card.lot_id.id)
                    and vals.get("state", card.state) != "void"
                ],
                exclude=self,
            )
        return super().write(vals)

    def _check_serials_free(self, pairs, exclude=None):
        """Refuse a second non-void card for a (product, serial) pair.

        Checked before writing so that users get this message rather than the
        database's unique index error.
        """
        if not pairs:
            return
        seen = set()
        for pair in pairs:
            if pair in seen:
                raise ValidationError(
                    self.env._("The same serial cannot get two warranty cards at once.")
                )
            seen.add(pair)
        domain = [
            ("lot_id", "in", [lot_id for _product_id, lot_id in pairs]),
            ("state", "!=", "void"),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        for card in self.sudo().search(domain):  # sudo: a card of any company blocks the serial
            if (card.product_id.id, card.lot_id.id) in seen:
                raise ValidationError(
                    self.env._(
                        "Serial %(serial)s of %(product)s already has warranty card %(card)s: "
                        "void it before issuing a new one.",
                        serial=card.lot_id.name,
                        product=card.product_id.display_name,
                        card=card.number,
                    )
                )

    def action_activate(self):
        self.filtered(lambda card: card.state == "draft").state = "active"

    def action_void(self):
        self.state = "void"

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("warranty_card_id", "=", self.id)]
        action["context"] = {
            "default_warranty_card_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
            "default_lot_id": self.lot_id.id,
        }
        return action

    @api.model
    def _count_by(self, fname, records):
        """{record: number of cards whose ``fname`` is that record}, in one query."""
        return dict(self._read_group([(fname, "in", records.ids)], [fname], ["__count"]))

    @api.model
    def _action_for_domain(self, domain):
        """The warranty cards action restricted to ``domain`` (for smart buttons)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_warranty_card"
        )
        action["domain"] = domain
        action["context"] = {"create": False}
        return action

    def _invoice_lines(self):
        """The posted customer invoice lines that billed this card's sale line."""
        self.ensure_one()
        return self.sale_line_id.invoice_lines.filtered(
            lambda line: line.move_id.state == "posted" and line.move_id.move_type == "out_invoice"
        ).sorted(lambda line: (line.move_id.invoice_date or line.move_id.date, line.id))

    def _unit_value(self):
        """Untaxed value of the card's units in company currency: what the
        customer was invoiced, else the sale price, else the list price."""
        self.ensure_one()
        invoice_line = self.sudo()._invoice_lines()[-1:]  # sudo: amounts only, for any user
        if invoice_line and invoice_line.quantity:
            return abs(invoice_line.balance) / invoice_line.quantity * self.quantity
        if self.sale_line_id and self.sale_line_id.product_uom_qty:
            order = self.sale_line_id.order_id
            unit = self.sale_line_id.price_subtotal / self.sale_line_id.product_uom_qty
            return order.currency_id._convert(
                unit * self.quantity, self.company_id.currency_id, self.company_id, order.date_order
            )
        return self.product_id.lst_price * self.quantity

    def _guarantee_refusals(self, on_date, customer_damage=False):
        """{"repair" | "replace" | "refund": why it is not offered on ``on_date``,
        or False when the card's windows allow it}."""
        self.ensure_one()
        refusals = dict.fromkeys(("repair", "replace", "refund"), False)
        if self.state == "void":
            return dict.fromkeys(refusals, self.env._("Warranty card %s is void.", self.number))
        if self.state == "draft":
            return dict.fromkeys(
                refusals, self.env._("Warranty card %s is not active yet.", self.number)
            )
        if customer_damage:
            return dict.fromkeys(
                refusals, self.env._("Damage caused by the customer is not covered.")
            )
        if not self._covers(on_date):
            refusals["repair"] = self.env._("The warranty ended on %s.", self.end_date)
        if not self.replace_until or on_date > self.replace_until:
            refusals["replace"] = self.env._(
                "The replacement window closed on %s.", self.replace_until or self.start_date
            )
        if not self.refund_until or on_date > self.refund_until:
            refusals["refund"] = self.env._(
                "The refund window closed on %s.", self.refund_until or self.start_date
            )
        if not self.move_line_id:
            not_delivered = self.env._(
                "Card %s was not issued by a delivery: there is no unit to take back.",
                self.number,
            )
            refusals["replace"] = refusals["replace"] or not_delivered
            refusals["refund"] = refusals["refund"] or not_delivered
        elif not self.sudo()._invoice_lines():  # sudo: whether an invoice exists, for any user
            refusals["refund"] = refusals["refund"] or self.env._(
                "The sale of card %s has no posted invoice to credit.", self.number
            )
        return refusals

    def _guarantee_return(self, ticket, to_refund):
        """Create, through Odoo's return wizard, the customer return of this
        card's unit from its delivery, reserved on the card's serial."""
        self.ensure_one()
        move = self.move_line_id.move_id
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.picking_id.id, active_model="stock.picking")
            .create({"picking_id": self.picking_id.id})
        )
        for line in wizard.product_return_moves:
            line.write(
                {
                    "quantity": self.quantity if line.move_id == move else 0.0,
                    "to_refund": to_refund,
                }
            )
        picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        picking.write(
            {
                "after_sales_ticket_id": ticket.id,
                "after_sales_claim_card_id": self.id,
                "origin": f"{ticket.number} ({self.picking_id.name})",
            }
        )
        if self.lot_id:
            return_move = picking.move_ids.filtered(lambda m: m.product_id == self.product_id)
            return_move._after_sales_set_lines([(self.lot_id, self.quantity)])
        return picking

    def _guarantee_replacement_delivery(self, ticket):
        """A new delivery of the same product to the customer; the serial of the
        replacement unit is chosen when the delivery is validated."""
        self.ensure_one()
        original = self.picking_id
        picking_type = original.picking_type_id
        source = picking_type.default_location_src_id or original.location_id
        destination = original.location_dest_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": original.partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": ticket.number,
                "after_sales_ticket_id": ticket.id,
                "after_sales_claim_card_id": self.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.env._("Replacement of %s", self.display_name),
                            "product_id": self.product_id.id,
                            "product_uom_qty": self.quantity,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _guarantee_credit_note(self, ticket):
        """A draft credit note of the unit's invoiced price (the accountants post it)."""
        self.ensure_one()
        invoice_line = self.sudo()._invoice_lines()[-1:]  # sudo: see below
        if not invoice_line:
            raise UserError(
                self.env._(
                    "Warranty card %s has no posted invoice to credit: invoice the sale "
                    "first, or resolve with a repair or a replacement.",
                    self.number,
                )
            )
        invoice = invoice_line.move_id
        # sudo: technicians record the refund a manager granted; the credit note
        # stays a draft that only accountants can post
        credit_note = (
            self.env["account.move"]
            .sudo()
            .with_company(invoice.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "currency_id": invoice.currency_id.id,
                    "journal_id": invoice.journal_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_origin": ticket.number,
                    "ref": self.env._(
                        "Refund under guarantee: %(ticket)s, %(card)s",
                        ticket=ticket.number,
                        card=self.number,
                    ),
                    "after_sales_ticket_id": ticket.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_id.id,
                                "name": invoice_line.name,
                                "quantity": self.quantity,
                                "product_uom_id": invoice_line.product_uom_id.id,
                                "price_unit": invoice_line.price_unit,
                                "discount": invoice_line.discount,
                                "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                                "account_id": invoice_line.account_id.id,
                                "sale_line_ids": [Command.set(self.sale_line_id.ids)],
                            }
                        )
                    ],
                }
            )
        )
        return credit_note.sudo(False)

    def _covers(self, on_date):
        """Whether the card covers a claim made on ``on_date``.

        An expired card still covers the claims made during its period, so that
        expiring it never turns past free (C) jobs into paid ones.
        """
        self.ensure_one()
        return self.state in ("active", "expired") and self.start_date <= on_date <= self.end_date

    @api.model
    def _cron_expire_cards(self):
        """Expire cards past their end date; remind customers N days before expiry."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("end_date", "<", today)]).state = "expired"
        days = int(
            self.env["ir.config_parameter"]
            .sudo()  # sudo: a technical setting read by the cron
            .get_param("after_sales.warranty_reminder_days", 30)
        )
        if days <= 0:
            return
        to_remind = self.search(
            [
                ("state", "=", "active"),
                ("expiry_reminder_sent", "=", False),
                ("end_date", "<=", today + relativedelta(days=days)),
            ]
        )
        template = self.env.ref("after_sales.mail_template_warranty_expiry")
        for card in to_remind:
            card.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        to_remind.expiry_reminder_sent = True
