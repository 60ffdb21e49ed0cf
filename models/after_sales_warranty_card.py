"""Warranty cards: identity, numbering, dates and windows, one live card per serial, expiry."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

# What decides a card's coverage: only after-sales managers change it once the card
# is issued (a draft card typed in by hand stays editable until it is activated).
COVERAGE_FIELDS = {
    "partner_id",
    "product_id",
    "lot_id",
    "quantity",
    "policy_id",
    "start_date",
    "end_date",
    "refund_until",
    "replace_until",
    "state",
}
# Dates only a manager sets, even on a draft card.
MANAGER_ONLY_FIELDS = {"end_date", "refund_until", "replace_until"}


CARD_STATES = [("draft", "Draft"), ("active", "Active"), ("expired", "Expired"), ("void", "Void")]


class AfterSalesWarrantyCard(models.Model):
    _name = "after_sales.warranty.card"
    _description = "Warranty Card"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "after_sales.numbered.mixin",
    ]
    _order = "start_date desc, id desc"
    _rec_names_search = ["number", "lot_id.name", "partner_id.name"]
    _check_company_auto = True
    _numbered_title_fields = ()
    _numbering_date_field = "start_date"

    state = fields.Selection(
        CARD_STATES,
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
        related="product_id.product_tmpl_id",
        string="Product Template",
        store=True,
        index=True,
        precompute=True,
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
    lot_tracking = fields.Selection(
        related="product_id.tracking",
        store=True,
        precompute=True,
        string="Tracked by",
        help="Serial-tracked units get one live card per serial; a lot may be sold "
        "to several customers, each with a card.",
    )
    policy_id = fields.Many2one(
        "after_sales.warranty.policy", string="Warranty Policy", required=True, tracking=True
    )
    picking_id = fields.Many2one("stock.picking", string="Delivery", index=True, copy=False)
    move_line_id = fields.Many2one("stock.move.line", index="btree_not_null", copy=False)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sale Order Line", index="btree_not_null", copy=False
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id",
        string="Sale Order",
        store=True,
        index="btree_not_null",
        precompute=True,
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
    # coverage dates are UTC dates (see _covers): a card typed in today starts on
    # today's UTC date, as one issued by a delivery validated now
    start_date = fields.Date(required=True, default=fields.Date.today, tracking=True)
    end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_dates",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    refund_until = fields.Date(
        compute="_compute_dates", store=True, precompute=True, readonly=False
    )
    replace_until = fields.Date(
        string="Replacement Until",
        compute="_compute_dates",
        store=True,
        precompute=True,
        readonly=False,
    )
    status = fields.Selection(
        CARD_STATES,
        compute="_compute_status",
        search="_search_status",
        help="The state as of today: an active card whose warranty has ended reads Expired "
        "from the day after its end date, without waiting for the daily job.",
    )
    expiry_reminder_sent = fields.Boolean(copy=False, readonly=True)
    can_edit_dates = fields.Boolean(compute="_compute_can_edit_dates")
    ticket_ids = fields.One2many("after_sales.ticket", "warranty_card_id", string="Claims")
    ticket_count = fields.Integer(string="Claim Count", compute="_compute_ticket_count")

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for card in self:
            card.access_url = f"/my/warranty-cards/{card.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Warranty Card %s", self.number)

    @api.depends("start_date", "policy_id")
    def _compute_dates(self):
        for card in self:
            policy = card.policy_id
            if not card.start_date or not policy:
                # nothing to count from yet: keep what is there (typed by a manager)
                card.end_date = card.end_date
                card.refund_until = card.refund_until
                card.replace_until = card.replace_until
                continue
            card.update(policy._coverage_dates(card.start_date))

    @api.depends("state", "end_date")
    def _compute_status(self):
        today = fields.Date.today()  # coverage dates are UTC dates (see _covers)
        for card in self:
            ended = card.state == "active" and card.end_date and card.end_date < today
            card.status = "expired" if ended else card.state

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Search warranty cards by status with = or in only."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            wanted = {key for key, _label in CARD_STATES} - wanted
        today = fields.Date.today()
        still_active = ["|", ("end_date", "=", False), ("end_date", ">=", today)]
        domains = []
        for state in wanted:
            if state == "active":
                domains.append(expression.AND([[("state", "=", "active")], still_active]))
            elif state == "expired":
                ended = [("state", "=", "active"), ("end_date", "<", today)]
                domains.append(expression.OR([[("state", "=", "expired")], ended]))
            else:
                domains.append([("state", "=", state)])
        return expression.OR(domains) if domains else [(0, "=", 1)]

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

    @api.constrains("quantity")
    def _check_quantity(self):
        for card in self:
            if card.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Warranty card %(card)s must cover a positive quantity, not %(qty)s.",
                        card=card.display_name,
                        qty=card.quantity,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for card in self:
            if card.lot_id and card.lot_id.product_id != card.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial %(serial)s belongs to %(lot_product)s, not to %(product)s: "
                        "a warranty card covers the product of its serial.",
                        serial=card.lot_id.name,
                        lot_product=card.lot_id.product_id.display_name,
                        product=card.product_id.display_name,
                    )
                )

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

    _sql_constraints = [
        (
            "serial_once",
            "EXCLUDE USING btree (product_id WITH =, lot_id WITH =) "
            "WHERE (lot_id IS NOT NULL AND state != 'void' AND lot_tracking = 'serial')",
            "A serial number has one live warranty card at a time: void its card before "
            "issuing a new one.",
        ),
    ]

    def init(self):
        # replaced by the serial_once constraint, which also covers lots sold twice
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS after_sales_warranty_card_serial_uniq"))

    def _numbered_draft_name(self):
        return self.env._("Draft card")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_card_manager():
            for vals in vals_list:
                self._check_user_card_values(vals)
        # a card voided in this transaction must be void in the database before a
        # new card of its serial is inserted (exclusion constraint)
        self.flush_model(["state", "lot_id"])
        self._check_serials_free(
            [
                (vals.get("product_id"), vals.get("lot_id"))
                for vals in vals_list
                if vals.get("lot_id") and vals.get("state", "draft") != "void"
            ]
        )
        return super().create(vals_list)

    @api.model
    def _add_precomputed_values(self, vals_list):
        """Give new cards their product's template and tracking and their sale order
        in one batch. Odoo precomputes related fields through a new record per card,
        which costs a delivery of 1,000 serials more than the rest of its cards."""
        # sudo: as related fields are computed, whoever creates the card
        products = (
            self.env["product.product"]
            .sudo()
            .browse({vals["product_id"] for vals in vals_list if vals.get("product_id")})
        )
        sale_lines = (
            self.env["sale.order.line"]
            .sudo()
            .browse({vals["sale_line_id"] for vals in vals_list if vals.get("sale_line_id")})
        )
        # read once for the batch (prefetched), not once per card
        templates = {product.id: product.product_tmpl_id.id for product in products}
        tracking = {product.id: product.tracking for product in products}
        orders = {line.id: line.order_id.id for line in sale_lines}
        for vals in vals_list:
            product_id, sale_line_id = vals.get("product_id"), vals.get("sale_line_id")
            if isinstance(product_id, int):
                vals.setdefault("product_tmpl_id", templates.get(product_id, False))
                vals.setdefault("lot_tracking", tracking.get(product_id, False))
            if isinstance(sale_line_id, int) or not sale_line_id:
                vals.setdefault("sale_order_id", orders.get(sale_line_id, False))
        return super()._add_precomputed_values(vals_list)

    def _check_company(self, fnames=None):
        """Check the products and serials of each company's cards at once: Odoo checks
        them one card at a time, and a delivery issues a thousand cards of one
        company. Odoo's own check runs when something is wrong, to name it."""
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        checked = [
            name
            for name in fnames
            if self._fields[name].relational and self._fields[name].check_company
        ]
        if len(self) < 2 or any(self._fields[name].company_dependent for name in checked):
            return super()._check_company(fnames)
        for company, cards in self.grouped("company_id").items():
            for name in checked:
                # sudo: as Odoo's check, which reads the linked records whoever saves
                linked = cards.sudo()[name]
                domain = linked and linked._check_company_domain(company)
                if domain and linked != linked.with_context(active_test=False).filtered_domain(
                    domain
                ):
                    return super()._check_company(fnames)
        return None

    def write(self, vals):
        if not self._is_card_manager():
            if MANAGER_ONLY_FIELDS & set(vals):
                raise AccessError(
                    self.env._("Only after-sales managers can change the warranty dates of a card.")
                )
            issued = self.filtered(lambda card: card.state != "draft")
            if issued and COVERAGE_FIELDS & set(vals):
                raise AccessError(
                    self.env._(
                        "Only after-sales managers can change the coverage of issued warranty "
                        "card %s (customer, product, serial, quantity, policy, dates, state).",
                        issued[0].display_name,
                    )
                )
            if vals.get("state", "draft") != "draft":
                raise AccessError(
                    self.env._("Only after-sales managers can activate or void a warranty card.")
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

    @api.model
    def _is_card_manager(self):
        """Managers, and the add-on's own flows (run as superuser), issue and change cards."""
        return self.env.su or self.env.user.has_group("after_sales.group_after_sales_manager")

    @api.model
    def _check_user_card_values(self, vals):
        """A user who is not a manager may only type in a draft card."""
        if MANAGER_ONLY_FIELDS & set(vals) or vals.get("state", "draft") != "draft":
            raise AccessError(
                self.env._(
                    "Only after-sales managers can issue an active warranty card or set its "
                    "dates: save it as a draft for a manager to activate."
                )
            )

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
        lots = self.env["stock.lot"].browse([lot_id for _product_id, lot_id in pairs])
        serials = lots.filtered(lambda lot: lot.product_id.tracking == "serial")
        if not serials:
            return
        domain = [("lot_id", "in", serials.ids), ("state", "!=", "void")]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        for card in self.sudo().search(domain):  # sudo: a card of any company blocks the serial
            if (card.product_id.id, card.lot_id.id) not in seen:
                continue
            if card.company_id not in self.env.user.company_ids:
                raise ValidationError(
                    self.env._(
                        "Serial %(serial)s of %(product)s already has a live warranty card "
                        "in another company.",
                        serial=card.lot_id.name,
                        product=card.product_id.display_name,
                    )
                )
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
        self._check_card_manager()
        self.filtered(lambda card: card.state == "draft").state = "active"

    def action_void(self):
        self._check_card_manager()
        self.state = "void"

    def _check_card_manager(self):
        if not self._is_card_manager():
            raise AccessError(
                self.env._("Only after-sales managers can activate or void a warranty card.")
            )

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

    def _covers(self, on_date):
        """Whether the card covers a claim made on ``on_date``.

        Coverage dates are UTC dates: a card starts on the UTC date its unit was
        delivered, and a claim is dated by the UTC date its ticket was opened, so the
        comparison does not depend on the timezone of whoever validated or typed them.
        An expired card still covers the claims made during its period, so that
        expiring it never turns past free (C) jobs into paid ones.
        """
        self.ensure_one()
        return self.state in ("active", "expired") and self.start_date <= on_date <= self.end_date

    @api.model
    def _cron_expire_cards(self):
        """Expire cards past their end date; remind customers N days before expiry."""
        today = fields.Date.today()  # coverage dates are UTC dates (see _covers)
        self.search([("state", "=", "active"), ("end_date", "<", today)]).state = "expired"
        days = self.env["res.config.settings"]._after_sales_setting(
            "after_sales_warranty_reminder_days"
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
            card.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        to_remind.expiry_reminder_sent = True
