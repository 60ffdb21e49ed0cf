from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mail import parse_contact_from_email

TICKET_TYPES = [
    ("installation", "Installation"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("consultation", "Consultation / Training"),
    ("complaint", "Complaint"),
]
TICKET_CATEGORIES = [
    ("A", "A - Paid"),
    ("B", "B - Contract"),
    ("C", "C - Warranty (free)"),
    ("D", "D - Internal"),
]
TICKET_PRIORITIES = [
    ("0", "Normal"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Urgent"),
]
TICKET_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("visit", "Visit"),
    ("walk_in", "Walk-in"),
]
SLA_STATUSES = [
    ("ongoing", "On Track"),
    ("failed", "Failed"),
    ("reached", "Reached"),
]
GUARANTEE_RESOLUTIONS = [
    ("repair", "Repair"),
    ("replace", "Replace"),
    ("refund", "Refund"),
]
GUARANTEE_STATES = [
    ("to_approve", "Waiting for Approval"),
    ("done", "Granted"),
    ("refused", "Refused"),
]
TICKET_SEQUENCE_CODE = "after_sales.ticket"


class AfterSalesTicket(models.Model):
    _name = "after_sales.ticket"
    _description = "After-Sales Service Ticket"
    _inherit = ["mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, sla_deadline, id desc"
    _rec_names_search = ["number", "name", "partner_id.name"]
    _primary_email = "partner_email"
    _check_company_auto = True

    number = fields.Char(
        string="Ticket Number", readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Color Index")
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
        index=True,
    )
    team_id = fields.Many2one(
        "after_sales.team",
        tracking=True,
        index=True,
        check_company=True,
        default=lambda self: self._default_team_id(),
    )
    team_member_ids = fields.Many2many(related="team_id.member_ids", string="Team Members")
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        tracking=True,
        index=True,
        domain="[('id', 'in', team_member_ids)]",
    )
    stage_id = fields.Many2one(
        "after_sales.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_id)]",
    )
    is_closed = fields.Boolean(related="stage_id.is_closing", store=True, index=True)
    is_sla_paused = fields.Boolean(related="stage_id.pauses_sla", string="SLA Paused")
    tag_ids = fields.Many2many("after_sales.tag", string="Tags")
    priority = fields.Selection(TICKET_PRIORITIES, default="0", tracking=True, index=True)
    ticket_type = fields.Selection(
        TICKET_TYPES, string="Type", required=True, default="repair", tracking=True, index=True
    )
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
    channel = fields.Selection(TICKET_CHANNELS, default="phone", tracking=True)
    description = fields.Html()
    resolution = fields.Html()

    # Customer and contact data, prefilled from the partner and editable.
    partner_id = fields.Many2one("res.partner", string="Customer", tracking=True, index=True)
    partner_name = fields.Char(
        string="Customer Name", compute="_compute_partner_contact", store=True, readonly=False
    )
    partner_email = fields.Char(
        string="Email", compute="_compute_partner_contact", store=True, readonly=False
    )
    partner_phone = fields.Char(
        string="Phone", compute="_compute_partner_contact", store=True, readonly=False
    )
    partner_address = fields.Text(
        string="Address", compute="_compute_partner_contact", store=True, readonly=False
    )

    # The customer's product.
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        precompute=True,
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id)] if product_id else []",
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

    # The three guarantees.
    guarantee_resolution = fields.Selection(
        GUARANTEE_RESOLUTIONS, string="Guarantee", copy=False, readonly=True, tracking=True
    )
    guarantee_state = fields.Selection(
        GUARANTEE_STATES, copy=False, readonly=True, tracking=True, index="btree_not_null"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    guarantee_amount = fields.Monetary(
        string="Compensation",
        copy=False,
        readonly=True,
        help="Untaxed value of the replaced or refunded units, in company currency.",
    )
    guarantee_override_reason = fields.Text(
        string="Override Reason",
        copy=False,
        readonly=True,
        help="Why a manager granted a guarantee the warranty card's windows did not allow.",
    )
    guarantee_requested_by_id = fields.Many2one(
        "res.users", string="Guarantee Requested by", copy=False, readonly=True
    )
    guarantee_approved_by_id = fields.Many2one(
        "res.users", string="Guarantee Approved by", copy=False, readonly=True
    )
    picking_ids = fields.One2many("stock.picking", "after_sales_ticket_id", string="Transfers")
    goods_in_workshop = fields.Boolean(
        string="Unit in Workshop",
        compute="_compute_goods_in_workshop",
        help="The customer's unit was received and has not been returned yet.",
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    invoice_ids = fields.One2many(
        "account.move",
        "after_sales_ticket_id",
        string="Invoices",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    invoice_count = fields.Integer(
        compute="_compute_invoice_count",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    # Repairs, labour and their cost.
    repair_ids = fields.One2many("repair.order", "after_sales_ticket_id", string="Repairs")
    repair_count = fields.Integer(compute="_compute_repair_count")
    labour_line_ids = fields.One2many("after_sales.labour.line", "ticket_id", string="Labour")
    onsite_sale_order_id = fields.Many2one(
        "sale.order",
        string="On-site Work Order",
        copy=False,
        readonly=True,
        help="The sale order billing the labour and parts of this ticket's on-site work.",
    )
    parts_cost = fields.Monetary(
        compute="_compute_service_costs",
        help="Spare parts of the ticket's repairs at their cost, billed or not.",
    )
    labour_cost = fields.Monetary(
        compute="_compute_service_costs",
        help="Labour hours of the ticket at the labour product's cost, billed or not.",
    )

    # SLA clocks.
    date_open = fields.Datetime(
        string="Opened on",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="The SLA clocks start at this moment.",
    )
    date_closed = fields.Datetime(string="Closed on", copy=False, readonly=True)
    sla_policy_id = fields.Many2one(
        "after_sales.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        index=True,
    )
    response_deadline = fields.Datetime(
        string="First Response Deadline", compute="_compute_sla_deadlines", store=True
    )
    resolution_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True)
    response_date = fields.Datetime(string="First Response on", copy=False, readonly=True)
    response_status = fields.Selection(
        SLA_STATUSES, string="First Response SLA", compute="_compute_sla_status", store=True
    )
    resolution_status = fields.Selection(
        SLA_STATUSES, string="Resolution SLA", compute="_compute_sla_status", store=True
    )
    sla_failed = fields.Boolean(
        string="SLA Failed", compute="_compute_sla_status", store=True, index=True
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_status",
        store=True,
        index=True,
        help="The next deadline still to be met: first response, then resolution.",
    )
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
    sla_failure_notified = fields.Boolean(copy=False, readonly=True)

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------

    @api.model
    def _default_team_id(self):
        domain = [("company_id", "in", self.env.companies.ids)]
        team = self.env["after_sales.team"].search(
            domain + [("member_ids", "in", self.env.uid)], limit=1
        )
        return team or self.env["after_sales.team"].search(domain, limit=1)

    @api.depends("team_id")
    def _compute_company_id(self):
        for ticket in self:
            ticket.company_id = ticket.team_id.company_id or ticket.company_id or self.env.company

    @api.depends("team_id")
    def _compute_stage_id(self):
        stages = self.env["after_sales.stage"].search([])
        for ticket in self:
            if ticket.stage_id and ticket._stage_allowed(ticket.stage_id):
                continue
            ticket.stage_id = self._first_stage_of(ticket.team_id, stages)

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self:
            partner = ticket.partner_id
            if not partner:
                continue
            ticket.partner_name = partner.name
            ticket.partner_email = partner.email
            ticket.partner_phone = partner.phone or partner.mobile
            address_lines = partner._display_address(without_company=True).splitlines()
            ticket.partner_address = "\n".join(line for line in address_lines if line.strip())

    @api.depends("lot_id")
    def _compute_product_id(self):
        for ticket in self.filtered("lot_id"):
            ticket.product_id = ticket.lot_id.product_id

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
            if ticket.lot_id:
                match = cards.filtered(lambda card, t=ticket: card.lot_id == t.lot_id)
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

    @api.depends("under_warranty", "guarantee_state")
    def _compute_category(self):
        """Free (C) under warranty or once a guarantee is granted (voiding the card
        afterwards changes nothing), paid (A) otherwise; contract (B) and internal
        (D) jobs are set by hand and kept."""
        for ticket in self:
            if ticket.category in ("B", "D"):
                continue
            granted = ticket.guarantee_state == "done"
            ticket.category = "C" if ticket.under_warranty or granted else "A"

    @api.depends("company_id", "team_id", "ticket_type", "priority", "category")
    def _compute_sla_policy_id(self):
        policies = self.env["after_sales.sla.policy"].search(
            ["|", ("team_id", "=", False), ("team_id", "in", self.team_id.ids)]
        )
        for ticket in self:
            matching = policies.filtered(lambda policy, t=ticket: policy._matches(t))
            ticket.sla_policy_id = max(
                matching,
                key=lambda policy: (policy._specificity(), -policy.sequence),
                default=False,
            )

    @api.depends(
        "date_open",
        "sla_policy_id",
        "team_id.resource_calendar_id",
        "sla_paused_hours",
        "sla_paused_working_hours",
    )
    def _compute_sla_deadlines(self):
        working_requests = defaultdict(list)  # calendar -> [(ticket, fname, start, hours)]
        for ticket in self:
            ticket.response_deadline = ticket.resolution_deadline = False
            policy = ticket.sla_policy_id
            if not policy or not ticket.date_open:
                continue
            calendar = ticket.team_id.resource_calendar_id or ticket.company_id.resource_calendar_id
            targets = (
                ("response_deadline", policy.response_hours),
                ("resolution_deadline", policy.resolution_hours),
            )
            for fname, hours in targets:
                if not hours:
                    continue
                if policy.time_basis == "calendar" or not calendar:
                    ticket[fname] = ticket.date_open + timedelta(
                        hours=hours + ticket.sla_paused_hours
                    )
                else:
                    working_requests[calendar].append(
                        (ticket, fname, ticket.date_open, hours + ticket.sla_paused_working_hours)
                    )
        for calendar, requests in working_requests.items():
            deadlines = calendar._after_sales_plan_hours_batch(
                [(start, hours) for _ticket, _fname, start, hours in requests]
            )
            for (ticket, fname, _start, _hours), deadline in zip(requests, deadlines, strict=True):
                ticket[fname] = deadline

    @api.depends(
        "response_deadline",
        "resolution_deadline",
        "response_date",
        "date_closed",
        "stage_id.pauses_sla",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.response_status = ticket._sla_status(
                ticket.response_deadline, ticket.response_date, now
            )
            ticket.resolution_status = ticket._sla_status(
                ticket.resolution_deadline, ticket.date_closed, now
            )
            ticket.sla_failed = "failed" in (ticket.response_status, ticket.resolution_status)
            if ticket.response_status == "ongoing":
                ticket.sla_deadline = ticket.response_deadline
            elif ticket.resolution_status == "ongoing":
                ticket.sla_deadline = ticket.resolution_deadline
            else:
                ticket.sla_deadline = False

    def _sla_status(self, deadline, reached_on, now):
        if not deadline:
            return False
        if reached_on:
            return "reached" if reached_on <= deadline else "failed"
        if deadline < now and not self.stage_id.pauses_sla:
            return "failed"
        return "ongoing"

    def _compute_picking_count(self):
        counts = self._linked_counts("stock.picking")
        for ticket in self:
            ticket.picking_count = counts.get(ticket, 0)

    @api.depends("picking_ids.state", "picking_ids.after_sales_return_picking_id.state")
    def _compute_goods_in_workshop(self):
        for ticket in self:
            ticket.goods_in_workshop = any(
                picking.after_sales_goods_flow == "in"
                and picking.state == "done"
                and picking.after_sales_return_picking_id.state != "done"
                for picking in ticket.picking_ids
            )

    def _compute_repair_count(self):
        counts = self._linked_counts("repair.order")
        for ticket in self:
            ticket.repair_count = counts.get(ticket, 0)

    @api.depends("repair_ids.parts_cost", "labour_line_ids.cost")
    def _compute_service_costs(self):
        for ticket in self:
            ticket.parts_cost = sum(ticket.repair_ids.mapped("parts_cost"))
            ticket.labour_cost = sum(ticket.labour_line_ids.mapped("cost"))

    def _compute_invoice_count(self):
        counts = self._linked_counts("account.move")
        for ticket in self:
            ticket.invoice_count = counts.get(ticket, 0)

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.number} - {ticket.name}"
                if ticket.number and ticket.number != "/"
                else ticket.name
            )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the board's team (or the shared ones) as a column."""
        team_id = self.env.context.get("default_team_id")
        stage_domain = [("team_ids", "=", False)]
        if team_id:
            stage_domain = ["|", ("team_ids", "=", False), ("team_ids", "in", [team_id])]
        return stages.search(["|", ("id", "in", stages.ids)] + stage_domain)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("user_id", "team_id")
    def _check_user_in_team(self):
        for ticket in self:
            if (
                ticket.user_id
                and ticket.team_id
                and ticket.user_id not in ticket.team_id.member_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be assigned ticket %(ticket)s: "
                        "they are not a member of team %(team)s.",
                        user=ticket.user_id.name,
                        ticket=ticket.display_name,
                        team=ticket.team_id.name,
                    )
                )

    @api.constrains("stage_id", "team_id")
    def _check_stage_team(self):
        for ticket in self:
            if ticket.stage_id and not ticket._stage_allowed(ticket.stage_id):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s is not used by team %(team)s: "
                        "pick one of the team's stages for ticket %(ticket)s.",
                        stage=ticket.stage_id.name,
                        team=ticket.team_id.name or self.env._("(none)"),
                        ticket=ticket.display_name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for ticket in self:
            if ticket.lot_id and ticket.lot_id.product_id != ticket.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial number %(serial)s belongs to %(lot_product)s, not to %(product)s.",
                        serial=ticket.lot_id.name,
                        lot_product=ticket.lot_id.product_id.display_name,
                        product=ticket.product_id.display_name or self.env._("no product"),
                    )
                )

    # ------------------------------------------------------------------
    # Onchange
    # ------------------------------------------------------------------

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.lot_id and self.lot_id.product_id != self.product_id:
            self.lot_id = False

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.user_id and self.user_id not in self.team_id.member_ids:
            self.user_id = False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        stages = self.env["after_sales.stage"].search([])
        # The first stage is given explicitly (not left to the compute) so that
        # its mail template, the customer's acknowledgement, is sent on creation.
        vals_list = [dict(vals) for vals in vals_list]
        default_team = None
        for vals in vals_list:
            if vals.get("stage_id"):
                continue
            team_id = vals.get("team_id", self.env.context.get("default_team_id"))
            if team_id is None:
                default_team = default_team if default_team is not None else self._default_team_id()
                team_id = default_team.id
            team = self.env["after_sales.team"].browse(team_id)
            vals["stage_id"] = self._first_stage_of(team, stages).id
        tickets = super().create(vals_list)
        tickets._assign_numbers()
        for ticket in tickets.filtered("stage_id"):
            first_stage = self._first_stage_of(ticket.team_id, stages)
            if ticket.stage_id.pauses_sla:
                ticket.sla_pause_start = now
            if ticket.stage_id != first_stage and not ticket.response_date:
                ticket.response_date = now
            if ticket.is_closed:
                ticket.date_closed = now
        return tickets

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        new_stage = self.env["after_sales.stage"].browse(vals["stage_id"])
        stages = self.env["after_sales.stage"].search([])
        now = fields.Datetime.now()
        for ticket in self:
            ticket_vals = dict(vals, **ticket._stage_change_values(new_stage, now, stages))
            super(AfterSalesTicket, ticket).write(ticket_vals)
        return True

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", ticket.name))
            for ticket, vals in zip(self, vals_list, strict=True)
        ]

    # ------------------------------------------------------------------
    # Mail gateway and chatter
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A new email to a team alias becomes a ticket of that team's customer."""
        values = dict(custom_values or {})
        values.setdefault("name", msg_dict.get("subject") or self.env._("No Subject"))
        values.setdefault("channel", "email")
        values.setdefault("description", msg_dict.get("body"))
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            author = self._mail_find_partner_from_emails([msg_dict["email_from"]])[0]
        if author:
            values.setdefault("partner_id", author.id)
        ticket = super().message_new(msg_dict, custom_values=values)
        if not ticket.partner_id:
            # mail.thread stores the raw "Name <email>" sender: keep both parts apart
            name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
            ticket.write({"partner_name": name or email, "partner_email": email})
        return ticket

    def _message_post_after_hook(self, message, msg_vals):
        """A public reply of an internal user to the customer is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda user: not user.share)
        ):
            pending = self.filtered(lambda ticket: not ticket.response_date)
            if pending:
                pending.response_date = fields.Datetime.now()
        return result

    def _track_template(self, changes):
        result = super()._track_template(changes)
        ticket = self[0]
        if "stage_id" in changes and ticket.stage_id.mail_template_id:
            result["stage_id"] = (
                ticket.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return result

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=self.env._("Customer")
            )
        elif self.partner_email:
            self._message_add_suggested_recipient(
                recipients, email=self.partner_email, reason=self.env._("Customer Email")
            )
        return recipients

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_assign_to_me(self):
        self.user_id = self.env.user

    def action_open_warranty_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "after_sales.warranty.card",
            "res_id": self.warranty_card_id.id,
            "view_mode": "form",
        }

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_create_repair(self):
        """A repair order prefilled from the ticket."""
        self.ensure_one()
        if not self.product_id:
            raise UserError(
                self.env._("Set the product to repair on ticket %s first.", self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repair"),
            "res_model": "repair.order",
            "view_mode": "form",
            "context": {
                "default_after_sales_ticket_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_product_id": self.product_id.id,
                "default_lot_id": self.lot_id.id,
                "default_under_warranty": self.category == "C",
                "default_company_id": self.company_id.id,
                "default_internal_notes": self.description,
            },
        }

    def action_receive_product(self):
        """The incoming transfer of the customer's unit into the workshop."""
        self.ensure_one()
        self._check_goods_transfer_possible()
        if self.goods_in_workshop:
            raise UserError(
                self.env._("The unit of ticket %s is already in the workshop.", self.display_name)
            )
        pending = self.picking_ids.filtered(
            lambda p: p.after_sales_goods_flow == "in" and p.state not in ("done", "cancel")
        )
        if pending:
            return pending[:1]._get_records_action()
        warehouse = self._after_sales_warehouse()
        goods = self.company_id._after_sales_customer_goods_location(warehouse)
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._create_goods_transfer("in", warehouse.in_type_id, customers, goods)
        return picking._get_records_action()

    def action_return_product(self):
        """Send the customer's unit back once the work is done."""
        self.ensure_one()
        self._check_goods_transfer_possible()
        receipt = self.picking_ids.filtered(
            lambda p: (
                p.after_sales_goods_flow == "in"
                and p.state == "done"
                and not p.after_sales_return_picking_id
            )
        )[:1]
        if not receipt:
            raise UserError(
                self.env._(
                    "The unit of ticket %s has not been received in the workshop.",
                    self.display_name,
                )
            )
        warehouse = receipt.picking_type_id.warehouse_id
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._create_goods_transfer(
            "out", warehouse.out_type_id, receipt.location_dest_id, customers
        )
        receipt.after_sales_return_picking_id = picking
        picking.action_assign()
        return picking._get_records_action()

    def action_onsite_parts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spare Parts Used on Site"),
            "res_model": "after_sales.onsite.parts",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_invoice_onsite_work(self):
        """Bill the on-site labour and parts not billed yet, through the ticket's
        sale order; pressing it again opens the existing invoices."""
        self.ensure_one()
        if self.category == "D":
            raise UserError(
                self.env._("%s: internal jobs (category D) are never invoiced.", self.display_name)
            )
        labour = self.labour_line_ids.filtered(
            lambda line: not line.repair_id and line.is_billable and not line.sale_line_id
        )
        parts = self._onsite_billable_parts()
        order = self.onsite_sale_order_id.filtered(lambda o: o.state != "cancel")
        if not (labour or parts or order):
            raise UserError(
                self.env._(
                    "Nothing to bill on %s: no billable on-site labour or part (repairs are "
                    "invoiced from their repair order).",
                    self.display_name,
                )
            )
        if labour or parts:
            if not order:
                order = self.env["sale.order"].create(self._onsite_sale_order_values())
                self.onsite_sale_order_id = order
            self._add_onsite_lines(order, labour, parts)
        return order._after_sales_invoice()

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("after_sales_ticket_id", "=", self.id)]
        action["context"] = {
            "default_after_sales_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_id": self.product_id.id,
            "default_lot_id": self.lot_id.id,
        }
        if self.repair_count == 1:
            action.update(views=[(False, "form")], res_id=self.repair_ids.id)
        return action

    def action_resolve_guarantee(self):
        """Open the three-guarantees wizard."""
        self.ensure_one()
        if not self.warranty_card_id:
            raise UserError(
                self.env._(
                    "Ticket %s has no warranty card: set the serial number or the "
                    "customer and product first.",
                    self.display_name,
                )
            )
        if self.guarantee_state in ("to_approve", "done"):
            raise UserError(
                self.env._("Ticket %s already has a guarantee resolution.", self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve under Guarantee"),
            "res_model": "after_sales.guarantee.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_approve_guarantee(self):
        self._check_guarantee_manager()
        pending = self.filtered(lambda ticket: ticket.guarantee_state == "to_approve")
        for ticket in pending:
            ticket.guarantee_approved_by_id = self.env.user
            ticket._apply_guarantee()
        pending.activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Guarantee approved.")
        )

    def action_refuse_guarantee(self):
        self._check_guarantee_manager()
        pending = self.filtered(lambda ticket: ticket.guarantee_state == "to_approve")
        pending.guarantee_state = "refused"
        pending.activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Guarantee refused.")
        )

    @api.model
    def _cron_sla_watchdog(self):
        """Mark SLAs that passed their deadline as failed and warn the team leader.

        Idempotent: a ticket gets one activity for its failure, however often
        the watchdog runs.
        """
        now = fields.Datetime.now()
        overdue = self.search(
            [
                ("is_closed", "=", False),
                ("is_sla_paused", "=", False),
                "|",
                "&",
                ("response_status", "=", "ongoing"),
                ("response_deadline", "<", now),
                "&",
                ("resolution_status", "=", "ongoing"),
                ("resolution_deadline", "<", now),
            ]
        )
        if overdue:
            self.env.add_to_compute(self._fields["response_status"], overdue)
            overdue.flush_recordset()
        to_notify = self.search([("sla_failed", "=", True), ("sla_failure_notified", "=", False)])
        to_notify._notify_sla_failure()
        return to_notify

    def _notify_sla_failure(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activity_vals = []
        for ticket in self:
            leader = ticket.team_id.leader_id or ticket.user_id
            if not leader:
                continue
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": todo.id,
                    "user_id": leader.id,
                    "summary": self.env._("SLA failed: %s", ticket.display_name),
                    "note": self.env._(
                        "Ticket %(ticket)s missed its SLA deadline (%(policy)s). "
                        "Please reassign or escalate it.",
                        ticket=ticket.display_name,
                        policy=ticket.sla_policy_id.name,
                    ),
                    "date_deadline": fields.Date.context_today(self),
                }
            )
        if activity_vals:
            self.env["mail.activity"].create(activity_vals)
        # a ticket nobody leads stays to notify until its team gets a leader or it an assignee
        self.browse([vals["res_id"] for vals in activity_vals]).sla_failure_notified = True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _linked_counts(self, model):
        """{ticket: how many ``model`` records point to it}, in one query."""
        return dict(
            self.env[model]._read_group(
                [("after_sales_ticket_id", "in", self.ids)], ["after_sales_ticket_id"], ["__count"]
            )
        )

    def _stage_allowed(self, stage):
        self.ensure_one()
        return not stage.team_ids or self.team_id in stage.team_ids

    @api.model
    def _first_stage_of(self, team, stages=None):
        """The first stage of ``team``'s board among ``stages`` (all stages by default)."""
        if stages is None:
            stages = self.env["after_sales.stage"].search([])
        return next(
            (stage for stage in stages if not stage.team_ids or team in stage.team_ids),
            stages.browse(),
        )

    def _stage_change_values(self, new_stage, now, stages):
        """SLA bookkeeping when the ticket moves from its stage to ``new_stage``."""
        self.ensure_one()
        values = {}
        old_stage = self.stage_id
        if old_stage == new_stage:
            return values
        if old_stage.pauses_sla and not new_stage.pauses_sla and self.sla_pause_start:
            values.update(self._paused_time_values(self.sla_pause_start, now))
            values["sla_pause_start"] = False
        elif new_stage.pauses_sla and not old_stage.pauses_sla:
            values["sla_pause_start"] = now
        if not self.response_date and new_stage != self._first_stage_of(self.team_id, stages):
            values["response_date"] = now
        if new_stage.is_closing and not old_stage.is_closing:
            values["date_closed"] = now
        elif old_stage.is_closing and not new_stage.is_closing:
            values["date_closed"] = False
        return values

    def _paused_time_values(self, start, stop):
        calendar = self.team_id.resource_calendar_id or self.company_id.resource_calendar_id
        working = calendar.get_work_hours_count(start, stop) if calendar else 0.0
        return {
            "sla_paused_hours": self.sla_paused_hours + (stop - start).total_seconds() / 3600,
            "sla_paused_working_hours": self.sla_paused_working_hours + working,
        }

    def _assign_numbers(self):
        sequences = self.company_id._after_sales_sequences(
            TICKET_SEQUENCE_CODE, self.env._("After-Sales Tickets"), "AS/%(range_year)s/"
        )
        for ticket in self:
            if not ticket.number or ticket.number == "/":
                ticket.number = sequences[ticket.company_id].next_by_id(
                    sequence_date=fields.Date.to_date(ticket.date_open)
                )

    # ------------------------------------------------------------------
    # The three guarantees
    # ------------------------------------------------------------------

    def _check_guarantee_manager(self):
        if not self.env.user.has_group("after_sales.group_after_sales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can approve or refuse a guarantee.")
            )

    def _guarantee_refusals(self):
        """Why each guarantee is not offered for this ticket (see the card's)."""
        self.ensure_one()
        return self.warranty_card_id._guarantee_refusals(
            fields.Date.to_date(self.date_open), customer_damage=self.customer_damage
        )

    def _guarantee_value(self, resolution):
        """The compensation a resolution gives the customer (repairs: none here)."""
        if resolution == "repair":
            return 0.0
        return self.warranty_card_id._unit_value()

    def _request_guarantee(self, resolution, override_reason=False):
        """Grant ``resolution``, or put it up for a manager's approval when its
        value is above the company's threshold.

        Refused options need an after-sales manager and a written reason.
        """
        self.ensure_one()
        is_manager = self.env.user.has_group("after_sales.group_after_sales_manager")
        refusal = self._guarantee_refusals()[resolution]
        if refusal:
            if not is_manager:
                raise UserError(
                    self.env._(
                        "%(reason)s Only an after-sales manager can grant it anyway.",
                        reason=refusal,
                    )
                )
            if not (override_reason or "").strip():
                raise UserError(
                    self.env._("%(reason)s Write down why you grant it anyway.", reason=refusal)
                )
        amount = self._guarantee_value(resolution)
        self.write(
            {
                "guarantee_resolution": resolution,
                "guarantee_amount": amount,
                "guarantee_override_reason": refusal and override_reason.strip(),
                "guarantee_requested_by_id": self.env.uid,
                "guarantee_approved_by_id": False,
            }
        )
        if refusal:
            self.message_post(
                body=self.env._(
                    "Guarantee granted by %(manager)s outside the warranty terms "
                    "(%(refusal)s). Reason: %(reason)s",
                    manager=self.env.user.name,
                    refusal=refusal,
                    reason=self.guarantee_override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        threshold = self.company_id.after_sales_approval_amount
        if not is_manager and threshold and self.currency_id.compare_amounts(amount, threshold) > 0:
            self.guarantee_state = "to_approve"
            self._schedule_guarantee_approval()
            return
        if is_manager:
            self.guarantee_approved_by_id = self.env.user
        self._apply_guarantee()

    def _schedule_guarantee_approval(self):
        approver = (
            self.team_id.leader_id
            or self.env.ref("after_sales.group_after_sales_manager").users.filtered(
                lambda user: self.company_id in user.company_ids
            )[:1]
        )
        resolution = dict(self._fields["guarantee_resolution"]._description_selection(self.env))
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=approver.id or self.env.uid,
            summary=self.env._("Approve guarantee: %s", resolution[self.guarantee_resolution]),
            note=self.env._(
                "%(user)s asks to %(resolution)s a unit worth %(amount)s, above the "
                "%(threshold)s that needs a manager's approval.",
                user=self.env.user.name,
                resolution=resolution[self.guarantee_resolution].lower(),
                amount=self.currency_id.format(self.guarantee_amount),
                threshold=self.currency_id.format(self.company_id.after_sales_approval_amount),
            ),
        )

    def _apply_guarantee(self):
        """Create the documents of the granted guarantee and link them here."""
        self.ensure_one()
        card = self.warranty_card_id
        values = {"guarantee_state": "done"}
        if self.guarantee_resolution == "repair":
            values["ticket_type"] = "repair"
            self.write(values)
            self.message_post(
                body=self.env._("Warranty repair granted on card %s.", card.number),
                subtype_xmlid="mail.mt_note",
            )
            return
        if not card.move_line_id:
            raise UserError(
                self.env._(
                    "Warranty card %s was not issued by a delivery: there is no unit "
                    "to take back. Resolve with a repair instead.",
                    card.number,
                )
            )
        refund = self.guarantee_resolution == "refund"
        credit_note = card._guarantee_credit_note(self) if refund else None
        documents = card._guarantee_return(self, to_refund=refund)
        if refund:
            body = self.env._(
                "Refund granted: return %(picking)s and draft credit note for %(amount)s.",
                picking=documents.name,
                # sudo: the requester may not read invoices; the amount is theirs to know
                amount=credit_note.sudo().currency_id.format(credit_note.sudo().amount_total),
            )
        else:
            documents |= card._guarantee_replacement_delivery(self)
            body = self.env._(
                "Replacement granted: return %(back)s and delivery %(out)s.",
                back=documents[0].name,
                out=documents[1].name,
            )
        self.write(values)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # On-site work
    # ------------------------------------------------------------------

    def _onsite_billable_parts(self):
        """Parts used on site not billed yet, on jobs the customer pays for."""
        if self.category not in ("A", "B"):
            return self.env["stock.move"]
        return self.picking_ids.filtered(
            lambda p: p.after_sales_goods_flow == "parts" and p.state == "done"
        ).move_ids.filtered(lambda move: move.state == "done" and not move.sale_line_id)

    def _onsite_sale_order_values(self):
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "after_sales_ticket_id": self.id,
            "client_order_ref": self.number,
            "origin": self.number,
        }

    def _add_onsite_lines(self, order, labour, parts):
        analytic = self.team_id.analytic_account_id
        distribution = {str(analytic.id): 100} if analytic else False
        common = {"order_id": order.id, "after_sales_onsite": True}
        if distribution:
            common["analytic_distribution"] = distribution
        lines = self.env["sale.order.line"].create(
            [
                dict(
                    common,
                    product_id=line.product_id.id,
                    product_uom_qty=line.hours,
                    name=line.name or line.product_id.display_name,
                )
                for line in labour
            ]
            + [
                dict(
                    common,
                    product_id=move.product_id.id,
                    product_uom_qty=move.quantity,
                    move_ids=[Command.link(move.id)],
                )
                for move in parts
            ]
        )
        for labour_line, sale_line in zip(labour, lines[: len(labour)], strict=True):
            labour_line.sale_line_id = sale_line

    # ------------------------------------------------------------------
    # Customer goods in and out of the workshop
    # ------------------------------------------------------------------

    def _check_goods_transfer_possible(self):
        if not self.product_id or not self.partner_id:
            raise UserError(
                self.env._(
                    "Ticket %s needs a customer and a product to move the unit.", self.display_name
                )
            )
        if self.product_id.tracking != "none" and not self.lot_id:
            raise UserError(
                self.env._(
                    "Set the serial number of the customer's unit on ticket %s first.",
                    self.display_name,
                )
            )

    def _after_sales_warehouse(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._("Company %s has no warehouse for the workshop.", self.company_id.name)
            )
        return warehouse

    def _create_goods_transfer(self, flow, picking_type, source, destination):
        """A transfer of the customer's unit (owned by them, their serial)."""
        partner = self.partner_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id,
                "owner_id": partner.commercial_partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": self.number,
                "after_sales_ticket_id": self.id,
                "after_sales_goods_flow": flow,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product_id.display_name,
                            "product_id": self.product_id.id,
                            "product_uom_qty": 1.0,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "restrict_partner_id": partner.commercial_partner_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        if flow == "in":
            picking.move_ids._after_sales_set_lines(
                [(self.lot_id, 1.0)], owner=partner.commercial_partner_id
            )
        return picking
