"""Customer visits: planned by visit plans (or by hand), worked by a technician on site,
signed off by the customer."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .directions import navigation_url
from .notifications import notification
from .selections import VISIT_PURPOSES, VISIT_STATES
from .signatures import is_blank_signature

# The longest a visit (and the visits of a plan) may be planned to last, in hours.
MAX_VISIT_HOURS = 24 * 14


class AfterSalesVisit(models.Model):
    _name = "after_sales.visit"
    _description = "Customer Visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "after_sales.job.mixin",
        "after_sales.numbered.mixin",
    ]
    _order = "date_start desc, id desc"
    _rec_names_search = ["number", "partner_id.name"]
    _check_company_auto = True
    _numbered_title_fields = ("partner_id",)
    _numbering_date_field = "date_start"

    state = fields.Selection(
        VISIT_STATES, required=True, default="planned", tracking=True, index=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    site_partner_id = fields.Many2one("res.partner", string="Site Address")
    contact_id = fields.Many2one(
        "res.partner",
        domain="[('commercial_partner_id', '=', partner_id), ('type', '=', 'contact')]",
        help="Who receives the technician on site.",
    )
    phone = fields.Char(
        compute="_compute_phone", help="The contact's phone, else the site's, else the customer's."
    )
    map_url = fields.Char(string="Map", compute="_compute_map_url")
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Equipment",
        check_company=True,
        help="The customer's serial-numbered units seen on this visit.",
    )
    purpose = fields.Selection(VISIT_PURPOSES, required=True, default="maintenance")
    plan_id = fields.Many2one(
        "after_sales.visit.plan", index="btree_not_null", check_company=True, readonly=True
    )
    contract_id = fields.Many2one(
        "after_sales.contract", index="btree_not_null", check_company=True
    )
    user_id = fields.Many2one("res.users", string="Technician", index=True, tracking=True)
    team_id = fields.Many2one("after_sales.team", check_company=True, index=True)
    date_start = fields.Datetime(string="Planned Start", required=True, tracking=True)
    duration = fields.Float(default=1.0, help="Planned hours on site.")
    date_end = fields.Datetime(
        string="Planned End",
        compute="_compute_date_end",
        store=True,
        index=True,
        precompute=True,
    )
    planned_date = fields.Date(compute="_compute_date_end", store=True, index=True, precompute=True)
    check_ids = fields.One2many(
        "after_sales.visit.check", "visit_id", string="Checklist", copy=True
    )
    findings = fields.Html()
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False, readonly=True)
    no_signature_reason = fields.Char(
        string="Why No Signature", copy=False, help="Why the customer did not sign."
    )
    date_done = fields.Datetime(string="Finished on", copy=False, readonly=True)
    report_pending = fields.Boolean(
        string="Report to Send",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Finished: the report is still to be printed and mailed to the customer.",
    )
    ticket_ids = fields.One2many("after_sales.ticket", "visit_id", string="Follow-up Tickets")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    labour_line_ids = fields.One2many("after_sales.labour.line", "visit_id", string="Labour")
    labour_hours = fields.Float(compute="_compute_work")
    parts_picking_ids = fields.One2many(
        "stock.picking", "after_sales_visit_id", string="Parts Transfers"
    )
    parts_move_ids = fields.Many2many("stock.move", string="Parts Used", compute="_compute_work")
    booking_warning = fields.Char(
        compute="_compute_booking_warning",
        help="The technician has another visit at the same time.",
    )
    is_hatched = fields.Boolean(
        compute="_compute_is_overdue", help="Overdue or missed: hatched in the calendar."
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for visit in self:
            visit.access_url = f"/my/visits/{visit.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Visit Report %s", self.number)

    def _compute_ticket_count(self):
        counts = dict(
            self.env["after_sales.ticket"]._read_group(
                [("visit_id", "in", self.ids)], ["visit_id"], ["__count"]
            )
        )
        for visit in self:
            visit.ticket_count = counts.get(visit, 0)

    @api.depends(
        "contact_id.phone", "contact_id.mobile", "site_partner_id.phone", "partner_id.phone"
    )
    def _compute_phone(self):
        for visit in self:
            visit.phone = (
                visit.contact_id.phone
                or visit.contact_id.mobile
                or visit.site_partner_id.phone
                or visit.partner_id.phone
            )

    @api.depends("site_partner_id", "partner_id")
    def _compute_map_url(self):
        for visit in self:
            visit.map_url = navigation_url(visit.site_partner_id or visit.partner_id)

    @api.depends(
        "labour_line_ids.hours",
        "parts_picking_ids.move_ids.quantity",
        "parts_picking_ids.move_ids.state",
    )
    def _compute_work(self):
        for visit in self:
            visit.labour_hours = sum(visit.labour_line_ids.mapped("hours"))
            visit.parts_move_ids = visit.parts_picking_ids.move_ids.filtered(
                lambda move: move.state == "done"
            )

    @api.depends("user_id", "date_start", "date_end", "state")
    def _compute_booking_warning(self):
        """Warn when the technician has another open visit overlapping this one
        (one search for the whole batch)."""
        self.booking_warning = False
        booked = self.filtered(
            lambda visit: (
                visit.user_id and visit.date_start and visit.state in ("planned", "in_progress")
            )
        )
        if not booked:
            return
        others = self.search(
            [
                ("user_id", "in", booked.user_id.ids),
                ("state", "in", ("planned", "in_progress")),
                ("date_start", "<", max(booked.mapped("date_end"))),
                ("date_end", ">", min(booked.mapped("date_start"))),
            ]
        )
        for visit in booked:
            clash = others.filtered(
                lambda other, visit=visit: (
                    other.user_id == visit.user_id
                    and other.id != visit._origin.id
                    and other.date_start < visit.date_end
                    and other.date_end > visit.date_start
                )
            )[:1]
            if clash:
                visit.booking_warning = self.env._(
                    "%(technician)s is also booked on %(visit)s at that time.",
                    technician=visit.user_id.name,
                    visit=clash.display_name,
                )

    @api.depends("state", "date_end")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for visit in self:
            visit.is_overdue = visit.state == "missed" or (
                visit.state == "planned" and bool(visit.date_end) and visit.date_end < now
            )
            visit.is_hatched = visit.is_overdue

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Overdue visits are searched with = or != only."))
        domain = [
            "|",
            ("state", "=", "missed"),
            "&",
            ("state", "=", "planned"),
            ("date_end", "<", fields.Datetime.now()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for visit in self:
            # a duration out of bounds is refused by _check_duration, not by a date overflow
            hours = visit.duration if 0 < visit.duration <= MAX_VISIT_HOURS else 0
            visit.date_end = visit.date_start and visit.date_start + timedelta(hours=hours)
            visit.planned_date = visit.date_start and visit.date_start.date()

    def _numbered_title(self):
        return self.partner_id.name

    @api.constrains("duration")
    def _check_duration(self):
        for visit in self:
            if not 0 < visit.duration <= MAX_VISIT_HOURS:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s must last some time, at most %(hours)s hours.",
                        visit=visit.display_name,
                        hours=MAX_VISIT_HOURS,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_user_create_values(vals_list)
        visits = super().create(vals_list)
        visits.filtered(lambda visit: not visit.check_ids)._add_checklist()
        return visits

    def write(self, vals):
        self._check_user_write_values(vals)
        return super().write(vals)

    @api.model
    def _this_year_counts(self, link_field, records):
        """{record: (visits done, visits still planned)} this calendar year, for the
        contracts or plans ``records`` linked through ``link_field``, in one query."""
        today = fields.Date.context_today(self)
        groups = self._read_group(
            [
                (link_field, "in", records.ids),
                ("planned_date", ">=", today.replace(month=1, day=1)),
                ("planned_date", "<=", today.replace(month=12, day=31)),
                ("state", "in", ("planned", "in_progress", "done")),
            ],
            [link_field, "state"],
            ["__count"],
        )
        counts = {record: [0, 0] for record in records}
        for record, state, count in groups:
            counts[record][0 if state == "done" else 1] += count
        return counts

    def _add_checklist(self):
        """The checks of each visit's purpose, from the checklist items."""
        items = self.env["after_sales.checklist.item"].search(
            [("purpose", "in", list(set(self.mapped("purpose"))))]
        )
        self.env["after_sales.visit.check"].create(
            [
                {
                    "visit_id": visit.id,
                    "name": item.name,
                    "sequence": item.sequence,
                    "from_template": True,
                }
                for visit in self
                for item in items
                if item.purpose == visit.purpose
                and item.company_id in (visit.company_id, self.env["res.company"])
            ]
        )

    def _job_check_parts_allowed(self):
        """Parts are recorded on one's own visit (managers: any), while it is worked."""
        result = super()._job_check_parts_allowed()
        self._check_own_visit()
        if self.state in ("done", "cancelled"):
            raise UserError(
                self.env._(
                    "Visit %s is closed: parts are recorded while it is worked.",
                    self.display_name,
                )
            )
        return result

    def _check_own_visit(self):
        """Technicians work their own visits; managers any."""
        if self._is_visit_manager():
            return
        others = self.filtered(lambda visit: visit.user_id and visit.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Visit %(visit)s is %(technician)s's: only they or an after-sales manager "
                    "can work it.",
                    visit=others[0].display_name,
                    technician=others[0].user_id.name,
                )
            )

    def action_start(self):
        self._check_own_visit()
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._("Visit %s is not planned.", visit.display_name))
        self._write_flow({"state": "in_progress"})
        self.filtered(lambda visit: not visit.user_id).user_id = self.env.user

    def action_finish(self):
        """Finish on site: the customer signed, or the technician wrote why not."""
        self._check_own_visit()
        for visit in self:
            if visit.state not in ("planned", "in_progress"):
                raise UserError(
                    self.env._("Visit %s cannot be finished from here.", visit.display_name)
                )
            if visit.signature and is_blank_signature(visit.signature):
                raise UserError(
                    self.env._(
                        "The signature of visit %s is empty: ask the customer to draw it, or "
                        "clear it and write why there is none.",
                        visit.display_name,
                    )
                )
            if not visit.signature and not (visit.no_signature_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Visit %s needs the customer's signature, or a written reason why "
                        "there is none.",
                        visit.display_name,
                    )
                )
        now = fields.Datetime.now()
        for visit in self:
            visit._write_flow(
                {
                    "state": "done",
                    "date_done": now,
                    "signed_on": visit.signature and now,
                    "signed_by": visit.signed_by or (visit.signature and visit.partner_id.name),
                    "report_pending": True,
                }
            )
        # printed after the answer: wkhtmltopdf fetches the report's styles from this
        # server, whose workers may all be busy answering (one is this request)
        self.env.ref("after_sales.ir_cron_signed_documents")._trigger()
        mailed = self.filtered(lambda visit: visit.partner_id.email)
        if len(self) == 1 and mailed:
            message = self.env._("Visit finished: its report goes to %s.", mailed.partner_id.email)
        else:
            message = self.env._("Visit finished: its report is kept with it.")
        return notification(self.env, message)

    def action_open_ticket(self):
        """A follow-up ticket for something found on site, prefilled and linked."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-up Ticket"),
            "res_model": "after_sales.ticket",
            "view_mode": "form",
            "context": {
                "default_visit_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_channel": "visit",
                "default_team_id": self.team_id.id,
                "default_name": self.env._("Follow-up of visit %s", self.number),
                "default_description": self.findings,
                # one unit seen: the ticket is about it, and its warranty or contract
                # gives the category
                "default_lot_id": len(self.lot_ids) == 1 and self.lot_ids.id,
                "default_product_id": len(self.lot_ids) == 1 and self.lot_ids.product_id.id,
            },
        }

    def action_onsite_parts(self):
        """The add-on's on-site parts flow, from the technician's van, for this visit."""
        self.ensure_one()
        self._check_own_visit()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spare Parts Used on Site"),
            "res_model": "after_sales.onsite.parts",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("visit_id", "=", self.id)]
        action["context"] = {"default_visit_id": self.id, "default_partner_id": self.partner_id.id}
        return action

    def action_cancel(self):
        """Cancel the visits; once work has started, only with a written reason
        (the button asks for it), kept in the chatter."""
        self._check_own_visit()
        reason = (self.env.context.get("after_sales_cancel_reason") or "").strip()
        started = self.filtered(lambda visit: visit.state == "in_progress")
        if started and not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Cancel the Visit"),
                "res_model": "after_sales.visit.cancel",
                "view_mode": "form",
                "target": "new",
                "context": {"default_visit_ids": self.ids},
            }
        cancelled = self.filtered(lambda visit: visit.state in ("planned", "in_progress", "missed"))
        cancelled._write_flow({"state": "cancelled"})
        if reason:
            for visit in cancelled:
                visit.message_post(
                    body=self.env._("Visit cancelled: %s", reason), subtype_xmlid="mail.mt_note"
                )
        return True

    def action_plan_again(self):
        self._check_own_visit()
        self.filtered(lambda visit: visit.state in ("cancelled", "missed"))._write_flow(
            {"state": "planned"}
        )

    @api.model
    def _cron_mark_missed(self):
        """Visits not started by the end of their planned day are missed; the
        technician's team leader gets an activity for each."""
        today = fields.Date.context_today(self)
        missed = self.search([("state", "=", "planned"), ("planned_date", "<", today)])
        missed._write_flow({"state": "missed"})
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": visit.id,
                    "activity_type_id": todo.id,
                    "user_id": (visit.team_id.leader_id or visit.user_id).id,
                    "summary": self.env._("Visit missed: %s", visit.display_name),
                    "date_deadline": today,
                }
                for visit in missed
                if visit.team_id.leader_id or visit.user_id
            ]
        )
        return missed
