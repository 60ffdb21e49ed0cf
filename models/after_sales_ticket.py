"""Service tickets: identity, stages, numbering, create/write, mail gateway and followers."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index
from odoo.tools.mail import parse_contact_from_email

from .selections import (
    TICKET_CHANNELS,
    TICKET_PRIORITIES,
    TICKET_TYPES,
)


class AfterSalesTicket(models.Model):
    _name = "after_sales.ticket"
    _description = "After-Sales Service Ticket"
    _inherit = [
        "mail.thread.cc",
        "mail.activity.mixin",
        "after_sales.sla.mixin",
        "after_sales.job.mixin",
        "after_sales.numbered.mixin",
    ]
    _order = "priority desc, sla_deadline, id desc"
    _rec_names_search = ["number", "name", "partner_id.name"]
    _primary_email = "partner_email"
    _check_company_auto = True
    _numbering_date_field = "date_open"

    number = fields.Char(string="Ticket Number")
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
    tag_ids = fields.Many2many("after_sales.tag", string="Tags")
    priority = fields.Selection(TICKET_PRIORITIES, default="0", tracking=True, index=True)
    ticket_type = fields.Selection(
        TICKET_TYPES, string="Type", required=True, default="repair", tracking=True, index=True
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
        help="The customer's unit. A serial we did not sell (a unit bought elsewhere) is "
        "created for the product when typed.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # SLA clocks.
    date_open = fields.Datetime(
        string="Opened on",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="The SLA clocks start at this moment.",
    )
    date_closed = fields.Datetime(string="Closed on", copy=False, readonly=True)
    customer_tz = fields.Char(
        string="Customer Timezone",
        compute="_compute_customer_tz",
        help="Times told to the customer are in this timezone: the customer's, else the "
        "team's working hours', else the company's.",
    )

    def init(self):
        # the board (per stage) and the lists read tickets in the model's order
        create_index(
            self.env.cr,
            "after_sales_ticket_stage_order_index",
            self._table,
            ["stage_id", "priority DESC", "sla_deadline", "id DESC"],
        )
        create_index(
            self.env.cr,
            "after_sales_ticket_order_index",
            self._table,
            ["priority DESC", "sla_deadline", "id DESC"],
        )

    @api.model
    def _default_team_id(self):
        """The user's team, else the company's default team, else the first team."""
        domain = [("company_id", "in", self.env.companies.ids)]
        team = self.env["after_sales.team"].search(
            domain + [("member_ids", "in", self.env.uid)], limit=1
        )
        return (
            team
            or self.env.company.after_sales_default_team_id
            or self.env["after_sales.team"].search(domain, limit=1)
        )

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

    @api.depends("partner_id.tz", "team_id.resource_calendar_id.tz", "company_id")
    def _compute_customer_tz(self):
        for ticket in self:
            ticket.customer_tz = (
                ticket.partner_id.tz
                or ticket.team_id.resource_calendar_id.tz
                or ticket.company_id.resource_calendar_id.tz
                or "UTC"
            )

    @api.depends("partner_id")
    def _compute_partner_contact(self):
        for ticket in self:
            if ticket.partner_id:
                ticket.update(self._partner_contact_values(ticket.partner_id))

    @api.model
    def _partner_contact_values(self, partner):
        """The ticket's contact data taken from ``partner``."""
        address_lines = partner._display_address(without_company=True).splitlines()
        return {
            "partner_name": partner.name,
            "partner_email": partner.email,
            "partner_phone": partner.phone or partner.mobile,
            "partner_address": "\n".join(line for line in address_lines if line.strip()),
        }

    @api.depends("lot_id")
    def _compute_product_id(self):
        for ticket in self.filtered("lot_id"):
            ticket.product_id = ticket.lot_id.product_id

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the board's team (or the shared ones) as a column."""
        team_id = self.env.context.get("default_team_id")
        stage_domain = [("team_ids", "=", False)]
        if team_id:
            stage_domain = ["|", ("team_ids", "=", False), ("team_ids", "in", [team_id])]
        return stages.search(["|", ("id", "in", stages.ids)] + stage_domain)

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

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.lot_id and self.lot_id.product_id != self.product_id:
            self.lot_id = False

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.user_id and self.user_id not in self.team_id.member_ids:
            self.user_id = False

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._check_user_values(vals, now)
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
        for ticket in tickets.filtered("stage_id"):
            values = ticket._stage_change_values(
                ticket.stage_id, now, stages, old_stage=ticket.stage_id.browse()
            )
            if values:
                ticket._write_flow(values)
        tickets._check_category_covered(vals_list)
        return tickets

    def write(self, vals):
        self._check_user_values(vals, fields.Datetime.now(), tickets=self)
        if "stage_id" not in vals:
            result = super().write(vals)
            self._check_category_covered([vals])
            return result
        new_stage = self.env["after_sales.stage"].browse(vals["stage_id"])
        stages = self.env["after_sales.stage"].search([])
        now = fields.Datetime.now()
        for ticket in self:
            ticket_vals = dict(vals, **ticket._stage_change_values(new_stage, now, stages))
            super(AfterSalesTicket, ticket).write(ticket_vals)
        self._check_category_covered([vals])
        return True

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%s (copy)", ticket.name))
            for ticket, vals in zip(self, vals_list, strict=True)
        ]

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
        if ticket.partner_id:
            # the partner's own contact data, not the raw "Name <address>" sender
            # that mail.thread stores as the ticket's email
            ticket.write(self._partner_contact_values(ticket.partner_id))
        else:
            # mail.thread stores the raw "Name <email>" sender: keep both parts apart
            name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
            ticket.write({"partner_name": name or email, "partner_email": email})
        return ticket

    def _notify_get_reply_to(self, default=None):
        """Replies go to the team's alias, as for CRM teams, not the catch-all."""
        # sudo: the alias of the ticket's team, whoever posts
        aliases = self.team_id.sudo()._notify_get_reply_to(default=default)
        reply_to = {ticket.id: aliases.get(ticket.team_id.id) for ticket in self}
        without_team = self.filtered(lambda ticket: not reply_to.get(ticket.id))
        if without_team:
            reply_to.update(
                super(AfterSalesTicket, without_team)._notify_get_reply_to(default=default)
            )
        return reply_to

    def _track_template(self, changes):
        """The stage's email to the customer (e.g. the acknowledgement), queued for the
        mail queue rather than sent inside the request; none when nobody would get it
        or nobody could send it."""
        result = super()._track_template(changes)
        ticket = self[0]
        if (
            "stage_id" in changes
            and ticket.stage_id.mail_template_id
            and (ticket.partner_id.email or ticket.partner_email)
            and (ticket.company_id.email or self.env.user.email)
        ):
            result["stage_id"] = (
                ticket.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "force_send": False,
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

    def action_assign_to_me(self):
        self.user_id = self.env.user

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

    def _stage_change_values(self, new_stage, now, stages, old_stage=None):
        """Bookkeeping when the ticket moves from ``old_stage`` (its stage by default;
        no stage on creation) to ``new_stage``: the first response and the closing
        date here, the SLA pause in the SLA concern."""
        self.ensure_one()
        values = {}
        old_stage = self.stage_id if old_stage is None else old_stage
        if old_stage == new_stage:
            return values
        if not self.response_date and new_stage != self._first_stage_of(self.team_id, stages):
            values["response_date"] = now
        if new_stage.is_closing and not old_stage.is_closing:
            values["date_closed"] = now
        elif old_stage.is_closing and not new_stage.is_closing:
            values["date_closed"] = False
        return values

    @api.model
    def _numbering_companies(self, vals_list):
        """A ticket is numbered in its company, else its team's, else the user's."""
        teams = self.env["after_sales.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        team_company = {team.id: team.company_id.id for team in teams}
        return [
            vals.get("company_id") or team_company.get(vals.get("team_id")) or self.env.company.id
            for vals in vals_list
        ]
