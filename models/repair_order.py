from odoo import api, fields, models
from odoo.exceptions import UserError

from .selections import ESTIMATE_APPROVAL_METHODS, ESTIMATE_STATES


class RepairOrder(models.Model):
    _inherit = "repair.order"

    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
    )
    after_sales_category = fields.Selection(
        related="after_sales_ticket_id.category", string="Service Category", store=True
    )
    after_sales_team_id = fields.Many2one(
        related="after_sales_ticket_id.team_id", string="Service Team", store=True
    )
    # Inventory users of Odoo's Repair app see neither labour lines nor their cost,
    # and open the repairs of tickets as any other (computed as superuser)
    labour_line_ids = fields.One2many(
        "after_sales.labour.line",
        "repair_id",
        string="Labour",
        groups="after_sales.group_after_sales_user,account.group_account_invoice",
    )
    labour_hours = fields.Float(compute="_compute_after_sales_costs", compute_sudo=True)
    after_sales_currency_id = fields.Many2one(related="company_id.currency_id")
    parts_cost = fields.Monetary(
        currency_field="after_sales_currency_id",
        compute="_compute_after_sales_costs",
        compute_sudo=True,
        help="Spare parts at their cost, billed or not.",
    )
    labour_cost = fields.Monetary(
        currency_field="after_sales_currency_id",
        compute="_compute_after_sales_costs",
        compute_sudo=True,
        help="Labour hours at the labour product's cost, billed or not.",
    )
    after_sales_billable = fields.Boolean(
        string="Bills the Customer",
        compute="_compute_after_sales_billable",
        compute_sudo=True,
        help="A ticket's job with parts or labour the customer pays for.",
    )
    estimate_state = fields.Selection(
        ESTIMATE_STATES, compute="_compute_estimate_state", compute_sudo=True
    )
    estimate_sent_on = fields.Datetime(copy=False, readonly=True)
    estimate_approved_by = fields.Char(copy=False, readonly=True, tracking=True)
    estimate_approved_on = fields.Datetime(copy=False, readonly=True)
    estimate_approval_method = fields.Selection(
        ESTIMATE_APPROVAL_METHODS, string="Approved", copy=False, readonly=True
    )

    @api.depends(
        "move_ids.product_uom_qty",
        "move_ids.product_id.standard_price",
        "labour_line_ids.cost",
        "labour_line_ids.hours",
    )
    def _compute_after_sales_costs(self):
        for repair in self:
            parts = repair.move_ids.filtered(
                lambda move: move.repair_line_type == "add" and move.state != "cancel"
            )
            repair.parts_cost = sum(
                move.product_qty * move.product_id.standard_price for move in parts
            )
            repair.labour_cost = sum(repair.labour_line_ids.mapped("cost"))
            repair.labour_hours = sum(repair.labour_line_ids.mapped("hours"))

    @api.depends(
        "after_sales_category",
        "move_ids.after_sales_excluded",
        "labour_line_ids.is_billable",
        "estimate_sent_on",
        "estimate_approved_on",
    )
    def _compute_estimate_state(self):
        for repair in self:
            if not repair._after_sales_needs_estimate():
                repair.estimate_state = "not_needed"
            elif repair.estimate_approved_on:
                repair.estimate_state = "approved"
            elif repair.estimate_sent_on:
                repair.estimate_state = "sent"
            else:
                repair.estimate_state = "to_send"

    @api.depends(
        "after_sales_category",
        "move_ids.after_sales_excluded",
        "move_ids.state",
        "labour_line_ids.is_billable",
    )
    def _compute_after_sales_billable(self):
        policy = self.env["after_sales.billing.policy"]
        for repair in self:
            repair.after_sales_billable = bool(
                repair.after_sales_ticket_id
                and not policy._is_internal(repair.after_sales_category)
                and repair._after_sales_has_billable_lines()
            )

    @api.model_create_multi
    def create(self, vals_list):
        # after-sales branch: the repairs of tickets; others are created as in Odoo alone
        tickets = self.env["after_sales.ticket"].browse(
            [
                vals["after_sales_ticket_id"]
                for vals in vals_list
                if vals.get("after_sales_ticket_id")
            ]
        )
        categories = {ticket.id: ticket.category for ticket in tickets}
        # a unit received in the workshop is repaired where it waits, and stays there
        workshop = {
            ticket.id: ticket._workshop_receipt().location_dest_id.id
            for ticket in tickets.sudo()  # sudo: where the unit is, for whoever repairs it
        }
        for vals in vals_list:
            ticket_id = vals.get("after_sales_ticket_id")
            if ticket_id and "under_warranty" not in vals:
                vals["under_warranty"] = categories[ticket_id] == "C"
            if ticket_id and workshop.get(ticket_id):
                vals.setdefault("product_location_src_id", workshop[ticket_id])
                vals.setdefault("product_location_dest_id", workshop[ticket_id])
        repairs = super().create(vals_list)
        for repair in repairs.filtered("after_sales_ticket_id"):
            ticket = repair.after_sales_ticket_id
            ticket._after_sales_log(self.env._("Repair %(repair)s created."), repair=repair)
            ticket._after_sales_work_started()
        return repairs

    def action_validate(self):
        """A unit received from its customer for this ticket is in the workshop, owned
        by the customer: confirm without Odoo's insufficient-quantity warning."""
        self.ensure_one()
        # after-sales branch: a ticket's repair whose unit waits in the workshop
        if self._after_sales_unit_in_workshop():
            return self._action_repair_confirm()
        return super().action_validate()

    def _after_sales_unit_in_workshop(self):
        self.ensure_one()
        if not self.after_sales_ticket_id:
            return False
        receipt = self.after_sales_ticket_id.sudo()._workshop_receipt()  # sudo: see create
        return bool(
            receipt
            and receipt.location_dest_id == self.product_location_src_id
            and self.lot_id in receipt.move_line_ids.lot_id
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _action_repair_confirm(self):
        drafts = self.filtered(lambda repair: repair.state == "draft")
        result = super()._action_repair_confirm()
        # after-sales branch: the repairs of tickets
        for repair in drafts.filtered(lambda r: r.state == "confirmed" and r.after_sales_ticket_id):
            ticket = repair.after_sales_ticket_id
            if repair.parts_availability_state == "late":
                ticket._after_sales_log(
                    self.env._("Repair %(repair)s confirmed: waiting for spare parts."),
                    repair=repair,
                )
                ticket._after_sales_progress("parts_short")
            else:
                ticket._after_sales_log(self.env._("Repair %(repair)s confirmed."), repair=repair)
        return result

    def action_repair_start(self):
        # after-sales branch: a ticket's job the customer pays waits for their approval
        self._after_sales_check_estimate_approved()
        result = super().action_repair_start()
        for repair in self.filtered("after_sales_ticket_id"):
            ticket = repair.after_sales_ticket_id
            ticket._after_sales_log(self.env._("Repair %(repair)s started."), repair=repair)
            ticket._after_sales_work_started(move_stage=False)
            ticket._after_sales_progress("work_started", backwards=True)
        return result

    def action_repair_done(self):
        # after-sales branch: as in action_repair_start; covered parts of warranty jobs
        self._after_sales_check_estimate_approved()
        self._after_sales_route_warranty_parts()
        result = super().action_repair_done()
        for repair in self.filtered(lambda r: r.state == "done" and r.after_sales_ticket_id):
            ticket = repair.after_sales_ticket_id
            ticket._after_sales_log(self.env._("Repair %(repair)s done."), repair=repair)
            ticket._after_sales_check_job_done()
        return result

    def action_create_sale_order(self):
        # after-sales branch: only the repairs of tickets; the others as in Odoo alone
        ticket_repairs = self.filtered("after_sales_ticket_id")
        if not ticket_repairs:
            return super().action_create_sale_order()
        ticket_repairs._after_sales_check_invoiceable()
        others = self - ticket_repairs
        action = super(RepairOrder, others).action_create_sale_order() if others else {}
        for repair in ticket_repairs:  # Odoo's action expects one repair (its partner, its order)
            action = super(RepairOrder, repair).action_create_sale_order()
        for repair in ticket_repairs:
            repair.sale_order_id.write(repair._prepare_after_sales_sale_order_values())
        ticket_repairs._after_sales_sync_sale_lines()
        return action

    def action_send_estimate(self):
        """Price the job in its quotation and open the email to the customer."""
        self.ensure_one()
        if not self._after_sales_needs_estimate():
            raise UserError(
                self.env._(
                    "Repair %s bills nothing to the customer: there is no estimate to send.",
                    self.name,
                )
            )
        if not self.sale_order_id:
            self.action_create_sale_order()
        else:
            self._after_sales_sync_sale_lines()
        # marked sent when the email is actually posted (see sale.order.message_post)
        action = self.sale_order_id.action_quotation_send()
        action["name"] = self.env._("Send Estimate %s", self.sale_order_id.name)
        return action

    def action_record_estimate_approval(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Approval"),
            "res_model": "after_sales.estimate.approval",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_repair_id": self.id,
                "default_approved_by": self.partner_id.name,
            },
        }

    def action_open_after_sales_ticket(self):
        self.ensure_one()
        return self.after_sales_ticket_id._get_records_action()

    def action_after_sales_invoice(self):
        """Invoice finished repairs through their sale orders; pressing it again
        opens the existing invoices instead of making new ones."""
        self.env["after_sales.billing.policy"]._check_invoicer()
        # sudo: accountants invoice finished jobs whose repair, parts and sale order
        # they may neither read in full nor edit; who may invoice was checked above
        repairs = self.sudo()
        without_ticket = repairs.filtered(lambda repair: not repair.after_sales_ticket_id)
        if without_ticket:
            raise UserError(
                self.env._(
                    "%s: no service ticket; invoice the repair from its quotation, as any repair.",
                    ", ".join(without_ticket.mapped("name")),
                )
            )
        repairs._after_sales_check_invoiceable()
        unfinished = repairs.filtered(lambda repair: repair.state != "done")
        if unfinished:
            raise UserError(
                self.env._(
                    "Finish the repair before invoicing it: %s.",
                    ", ".join(unfinished.mapped("name")),
                )
            )
        covered = repairs.filtered(lambda repair: not repair._after_sales_has_billable_lines())
        if covered:
            raise UserError(
                self.env._(
                    "Nothing to bill on %s: every part and labour line is covered.",
                    ", ".join(covered.mapped("name")),
                )
            )
        repairs.filtered(lambda repair: not repair.sale_order_id).action_create_sale_order()
        return repairs.sale_order_id._after_sales_invoice()

    # ------------------------------------------------------------------
    # Pricing by category
    # ------------------------------------------------------------------

    def _after_sales_billable_parts(self):
        self.ensure_one()
        return self.move_ids.filtered(
            lambda move: (
                move.repair_line_type == "add"
                and move.state != "cancel"
                and self.env["after_sales.billing.policy"]._line_billable(
                    self.after_sales_category, move.after_sales_excluded
                )
            )
        )

    def _after_sales_has_billable_lines(self):
        self.ensure_one()
        return bool(
            self._after_sales_billable_parts() or self.labour_line_ids.filtered("is_billable")
        )

    def _after_sales_needs_estimate(self):
        self.ensure_one()
        return bool(self.after_sales_ticket_id) and self.env[
            "after_sales.billing.policy"
        ]._needs_estimate(self.after_sales_category, self._after_sales_has_billable_lines())

    def _prepare_after_sales_sale_order_values(self):
        """Values written on the repair's sale order to trace it to its ticket (a hook)."""
        self.ensure_one()
        ticket = self.after_sales_ticket_id
        return {
            "after_sales_ticket_id": ticket.id,
            "client_order_ref": f"{ticket.number} / {self.name}",
            "origin": f"{ticket.number}, {self.name}",
        }

    def _after_sales_sync_sale_lines(self):
        """Keep the quotation of ticket repairs in line with the job: one line per
        labour entry, and every line priced by its coverage (the customer's
        pricelist when billed, zero when covered) with the team's analytics."""
        # sudo: technicians add parts and hours to repairs whose quotation they may
        # not edit; its lines follow the job and the coverage rules, not the user
        repairs = self.sudo().filtered(
            lambda repair: (
                repair.after_sales_ticket_id
                and repair.sale_order_id
                and repair.sale_order_id.state != "cancel"
            )
        )
        new_line_vals, new_line_labour = [], []
        for repair in repairs:
            for labour in repair.labour_line_ids:
                if labour.sale_line_id:
                    if not labour.sale_line_id.qty_invoiced:
                        labour.sale_line_id.product_uom_qty = labour.hours
                    continue
                new_line_vals.append(
                    {
                        "order_id": repair.sale_order_id.id,
                        "product_id": labour.product_id.id,
                        "product_uom_qty": labour.hours,
                        "name": labour.name or labour.product_id.display_name,
                    }
                )
                new_line_labour.append(labour)
        if new_line_vals:
            new_lines = repairs.env["sale.order.line"].create(new_line_vals)
            for labour, line in zip(new_line_labour, new_lines, strict=True):
                labour.sale_line_id = line
        for repair in repairs:
            repair._after_sales_price_sale_lines()

    def _after_sales_price_sale_lines(self):
        self.ensure_one()
        billable_parts = self._after_sales_billable_parts()
        self.env["after_sales.billing.policy"]._price_sale_lines(
            self.after_sales_ticket_id,
            [
                (move.sale_line_id, "part", move in billable_parts)
                for move in self.move_ids
                if move.repair_line_type == "add" and move.sale_line_id
            ]
            + [
                (labour.sale_line_id, "labour", labour.is_billable)
                for labour in self.labour_line_ids
                if labour.sale_line_id
            ],
        )

    def _update_sale_order_line_price(self):
        # after-sales branch: the repairs of tickets are priced by their coverage
        ticket_repairs = self.filtered("after_sales_ticket_id")
        ticket_repairs._after_sales_sync_sale_lines()
        return super(RepairOrder, self - ticket_repairs)._update_sale_order_line_price()

    # ------------------------------------------------------------------
    # Checks and stock
    # ------------------------------------------------------------------

    def _after_sales_check_invoiceable(self):
        """Refuse to bill the internal jobs of tickets; a repair without a ticket is
        not after-sales work and bills as in Odoo alone."""
        policy = self.env["after_sales.billing.policy"]
        for repair in self.filtered("after_sales_ticket_id"):
            policy._check_invoiceable(repair.after_sales_category, repair.name)

    def _after_sales_check_estimate_approved(self):
        for repair in self:
            if repair._after_sales_needs_estimate() and not repair.estimate_approved_on:
                raise UserError(
                    self.env._(
                        "The customer has not approved the estimate of repair %(repair)s "
                        "(ticket %(ticket)s) yet: send it and record their approval before "
                        "working on a job they pay for.",
                        repair=repair.name,
                        ticket=repair.after_sales_ticket_id.display_name,
                    )
                )

    def _after_sales_route_warranty_parts(self):
        """Covered parts of warranty jobs are consumed into the warranty
        consumption location, whose valuation expenses them to the warranty account."""
        policy = self.env["after_sales.billing.policy"]
        for repair in self.filtered(lambda r: policy._is_warranty_work(r.after_sales_category)):
            covered = repair.move_ids.filtered(
                lambda move: (
                    move.repair_line_type == "add"
                    and move.state not in ("done", "cancel")
                    and not move.after_sales_excluded
                )
            )
            if not covered:
                continue
            location = repair.company_id._after_sales_warranty_location()
            covered.write({"location_dest_id": location.id})
            covered.move_line_ids.write({"location_dest_id": location.id})

    def _after_sales_record_approval(self, approved_by, method):
        for repair in self:
            repair.write(
                {
                    "estimate_approved_by": approved_by,
                    "estimate_approved_on": fields.Datetime.now(),
                    "estimate_approval_method": method,
                }
            )
            body = repair._after_sales_approval_message(approved_by, method)
            repair.message_post(body=body, subtype_xmlid="mail.mt_note")
            repair.after_sales_ticket_id.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _after_sales_approval_message(self, approved_by, method):
        """The chatter sentence recording the customer's approval, whole per method
        so that each translates as a sentence."""
        self.ensure_one()
        values = {"order": self.sale_order_id.name or self.name, "who": approved_by}
        messages = {
            "signature": self.env._(
                "Estimate %(order)s approved by %(who)s, signed online.", **values
            ),
            "email": self.env._("Estimate %(order)s approved by %(who)s by email.", **values),
            "phone": self.env._("Estimate %(order)s approved by %(who)s by phone.", **values),
            "in_person": self.env._("Estimate %(order)s approved by %(who)s in person.", **values),
            "confirmed": self.env._(
                "Estimate %(order)s approved by %(who)s: quotation confirmed.", **values
            ),
        }
        return messages[method]
