from odoo import api, fields, models

from .selections import GOODS_FLOWS, GOODS_STATUSES


class StockPicking(models.Model):
    _inherit = "stock.picking"

    warranty_card_ids = fields.One2many(
        "after_sales.warranty.card", "picking_id", string="Warranty Cards"
    )
    warranty_card_count = fields.Integer(compute="_compute_warranty_card_count")
    after_sales_ticket_id = fields.Many2one(
        "after_sales.ticket",
        string="Service Ticket",
        index="btree_not_null",
        copy=False,
        help="The after-sales ticket this transfer serves.",
    )
    after_sales_visit_id = fields.Many2one(
        "after_sales.visit",
        string="Customer Visit",
        index="btree_not_null",
        copy=False,
        help="The customer visit whose parts this transfer took from the van.",
    )
    after_sales_claim_card_id = fields.Many2one(
        "after_sales.warranty.card",
        string="Guarantee Claim",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="On a return: the card voided when the unit is back. On a replacement "
        "delivery: the card of the unit it replaces.",
    )

    after_sales_goods_flow = fields.Selection(
        GOODS_FLOWS,
        string="Service Flow",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Customer goods in and out of the workshop, and parts used on site: these "
        "transfers issue and mark no warranty card.",
    )
    after_sales_return_picking_id = fields.Many2one(
        "stock.picking",
        string="Returned to Customer with",
        copy=False,
        readonly=True,
        help="On a unit received for service: the transfer that brings it back.",
    )

    # The customer goods register: one row per unit received for service.
    after_sales_lot_id = fields.Many2one(
        "stock.lot",
        string="Unit Serial",
        compute="_compute_after_sales_lot_id",
        store=True,
        index="btree_not_null",
        help="The serial number of the customer's unit this transfer moves.",
    )
    after_sales_goods_status = fields.Selection(
        GOODS_STATUSES,
        string="Unit Status",
        compute="_compute_after_sales_goods_status",
        store=True,
        help="Where the customer's unit received for service stands.",
    )
    after_sales_days_in_workshop = fields.Integer(
        string="Days in Workshop",
        compute="_compute_after_sales_days_in_workshop",
        help="Days since the unit was received, until it is returned.",
    )
    after_sales_repair_state = fields.Selection(
        selection="_selection_after_sales_repair_state",
        string="Repair Status",
        compute="_compute_after_sales_repair_state",
        compute_sudo=True,
        help="The state of the last repair of the unit's ticket.",
    )

    def _selection_after_sales_repair_state(self):
        return self.env["repair.order"]._fields["state"]._description_selection(self.env)

    @api.depends("after_sales_goods_flow", "move_line_ids.lot_id", "after_sales_ticket_id.lot_id")
    def _compute_after_sales_lot_id(self):
        for picking in self:
            if picking.after_sales_goods_flow in ("in", "out"):
                picking.after_sales_lot_id = (
                    picking.move_line_ids.lot_id[:1] or picking.after_sales_ticket_id.lot_id
                )
            else:
                picking.after_sales_lot_id = False

    # Not on "after_sales_return_picking_id.state": every state change of every
    # transfer would then search for the receipts it returns (see _compute_state)
    @api.depends("after_sales_goods_flow", "state", "after_sales_return_picking_id")
    def _compute_after_sales_goods_status(self):
        for picking in self:
            if picking.after_sales_goods_flow != "in":
                picking.after_sales_goods_status = False
            elif picking.state == "cancel":
                picking.after_sales_goods_status = "cancelled"
            elif picking.state != "done":
                picking.after_sales_goods_status = "to_receive"
            elif not picking.after_sales_return_picking_id or (
                picking.after_sales_return_picking_id.state == "cancel"
            ):
                picking.after_sales_goods_status = "in_workshop"
            elif picking.after_sales_return_picking_id.state != "done":
                picking.after_sales_goods_status = "returning"
            else:
                picking.after_sales_goods_status = "returned"

    @api.depends("date_done", "after_sales_goods_status", "after_sales_return_picking_id.date_done")
    def _compute_after_sales_days_in_workshop(self):
        now = fields.Datetime.now()
        for picking in self:
            if picking.after_sales_goods_flow != "in" or not picking.date_done:
                picking.after_sales_days_in_workshop = 0
                continue
            until = (
                picking.after_sales_return_picking_id.date_done
                if picking.after_sales_goods_status == "returned"
                else now
            )
            picking.after_sales_days_in_workshop = (until - picking.date_done).days

    @api.depends("after_sales_ticket_id.repair_ids.state")
    def _compute_after_sales_repair_state(self):
        for picking in self:
            repairs = picking.after_sales_ticket_id.repair_ids
            picking.after_sales_repair_state = (
                repairs.sorted("id")[-1:].state if picking.after_sales_goods_flow else False
            )

    def _compute_state(self):
        result = super()._compute_state()
        # after-sales branch: the unit status of the receipts these transfers return
        returns = self.filtered(
            lambda picking: picking.id and picking.after_sales_goods_flow == "out"
        )
        if returns:
            receipts = self.search([("after_sales_return_picking_id", "in", returns.ids)])
            self.env.add_to_compute(self._fields["after_sales_goods_status"], receipts)
        return result

    @api.model
    def get_empty_list_help(self, help_message):
        """The customer goods register explains itself, not Inventory's operations."""
        if self.env.context.get("after_sales_goods_register"):
            return help_message
        return super().get_empty_list_help(help_message)

    @api.depends("warranty_card_ids")
    def _compute_warranty_card_count(self):
        counts = self.env["after_sales.warranty.card"]._count_by("picking_id", self)
        for picking in self:
            picking.warranty_card_count = counts.get(picking, 0)

    def _action_done(self):
        result = super()._action_done()
        # after-sales branches: cards of products with a warranty policy, returns of
        # carded serials, and the transfers of tickets; others are as in Odoo alone
        self._create_warranty_cards()
        self._mark_returned_warranty_cards()
        self._after_sales_follow_transfers()
        return result

    def _after_sales_follow_transfers(self):
        """The tickets follow their transfers: a unit received is work started, a unit
        returned may end the job; each leaves a line in the ticket's chatter."""
        # sudo: warehouse staff validate transfers of tickets they cannot read
        for picking in self.sudo().filtered(
            lambda p: p.state == "done" and p.after_sales_ticket_id
        ):
            ticket = picking.after_sales_ticket_id.sudo(False)
            flow = picking.after_sales_goods_flow
            if flow == "in":
                ticket._after_sales_log(self.env._("Unit received: %(picking)s."), picking=picking)
                ticket._after_sales_work_started()
            elif flow == "out":
                ticket._after_sales_log(
                    self.env._("Unit returned to the customer: %(picking)s."), picking=picking
                )
                ticket._after_sales_check_job_done()
            elif flow != "parts":  # parts used on site are logged by their wizard
                ticket._after_sales_log(self.env._("Transfer %(picking)s done."), picking=picking)

    @api.model_create_multi
    def create(self, vals_list):
        """Transfers of a replacement's procurement group serve its ticket, and its
        delivery to the customer replaces the claimed card."""
        # after-sales branch: the groups of tickets' replacements only
        group_ids = {vals["group_id"] for vals in vals_list if vals.get("group_id")}
        groups = self.env["procurement.group"].browse(group_ids).filtered("after_sales_ticket_id")
        for vals in vals_list:
            group = groups.filtered(lambda g, vals=vals: g.id == vals.get("group_id"))
            if not group:
                continue
            vals.setdefault("after_sales_ticket_id", group.after_sales_ticket_id.id)
            destination = self.env["stock.location"].browse(vals.get("location_dest_id"))
            if destination.usage == "customer":
                vals.setdefault("after_sales_claim_card_id", group.after_sales_claim_card_id.id)
        return super().create(vals_list)

    def _mark_returned_warranty_cards(self):
        """A customer return of a serial ends its card: the unit is no longer the
        customer's, and may be sold again with a card of its own. The return made
        for a refund or a replacement also voids the claimed card."""
        returns = self.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.location_id.usage == "customer"
                and not picking.after_sales_goods_flow
            )
        )
        lines = returns.move_line_ids.filtered("lot_id")
        # sudo: warehouse staff validating a return keep the cards' bookkeeping
        # right without being allowed to edit warranty cards themselves
        cards = self.env["after_sales.warranty.card"].sudo()
        if lines:
            cards = cards.search([("lot_id", "in", lines.lot_id.ids), ("state", "!=", "void")])
        for picking in returns:
            returned = cards.filtered(
                lambda card, p=picking: (
                    card.lot_id in p.move_line_ids.lot_id
                    and card.product_id in p.move_line_ids.product_id
                )
            )
            claimed = picking.sudo().after_sales_claim_card_id
            if returned | claimed:
                (returned | claimed).return_picking_id = picking
            ended = (
                claimed | returned.filtered(lambda card: card.lot_tracking == "serial")
            ).filtered(lambda card: card.state != "void")
            if ended:
                ended.action_void()

    def _create_warranty_cards(self):
        """One active card per delivered serial (per move line for lots and untracked
        products) of every product with a warranty policy. Move lines that already
        have a card (re-validation, backorders) get none."""
        deliveries = self.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.location_dest_id.usage == "customer"
                and not picking.after_sales_goods_flow
            )
        )
        policies = {
            template: template._after_sales_warranty_policy()
            for template in deliveries.move_line_ids.product_id.product_tmpl_id
        }
        move_lines = deliveries.move_line_ids.filtered(
            lambda line: line.quantity > 0 and policies[line.product_id.product_tmpl_id]
        )
        if not move_lines:  # no product with a warranty: a delivery as in Odoo alone
            return self.env["after_sales.warranty.card"]
        carded = set(
            self.env["after_sales.warranty.card"]
            .search([("move_line_id", "in", move_lines.ids)])
            .move_line_id.ids
        )
        coverage = {}  # (start date, policy) -> the card's dates, given rather than computed
        vals_list = []
        for line in move_lines:
            if line.id in carded:
                continue
            policy = policies[line.product_id.product_tmpl_id]
            picking = line.picking_id
            # coverage dates are UTC dates, as the claims they are compared with
            start = picking.date_done.date()
            if (start, policy) not in coverage:
                coverage[start, policy] = policy._coverage_dates(start)
            vals = {
                "company_id": picking.company_id.id,
                "partner_id": (picking.partner_id.commercial_partner_id or picking.partner_id).id,
                "product_id": line.product_id.id,
                "lot_id": line.lot_id.id,
                "quantity": 1.0 if line.product_id.tracking == "serial" else line.quantity,
                "policy_id": policy.id,
                "picking_id": picking.id,
                "move_line_id": line.id,
                "start_date": start,
                **coverage[start, policy],
                "state": "active",
                "sale_line_id": line.move_id.sale_line_id.id,
            }
            if picking.after_sales_claim_card_id:
                vals.update(
                    self._replacement_card_values(picking.after_sales_claim_card_id, policy)
                )
            vals_list.append(vals)
        # sudo: the cards are issued by the validated delivery, their values taken from
        # its move lines; whoever validates it (warehouse staff) may not edit cards
        # the delivery is the cards' audit trail: no "created" message, no follower each
        cards = (
            self.env["after_sales.warranty.card"]
            .sudo()
            .with_context(tracking_disable=True)
            .create(vals_list)
        )
        return cards.with_env(self.env)

    def _replacement_card_values(self, replaced_card, policy):
        """The replacement unit's card keeps the sale of the unit it replaces, and
        its remaining warranty unless the policy restarts it."""
        vals = {
            "replaced_card_id": replaced_card.id,
            "sale_line_id": replaced_card.sale_line_id.id,
        }
        if policy.replacement_warranty == "remainder":
            vals.update(
                {
                    "end_date": replaced_card.end_date,
                    "refund_until": replaced_card.refund_until,
                    "replace_until": replaced_card.replace_until,
                }
            )
        return vals

    def action_cancel(self):
        result = super().action_cancel()
        # after-sales branch: the transfers of a guarantee's return or replacement
        for picking in self.filtered(
            lambda p: (
                p.state == "cancel"
                and (p.after_sales_claim_card_id or p.group_id.after_sales_claim_card_id)
            )
        ):
            # sudo: whoever cancels the transfer (warehouse staff) withdraws its guarantee
            picking.sudo().after_sales_ticket_id._withdraw_guarantee(picking)
        return result

    def action_print_pickup_receipt(self):
        return self.env.ref("after_sales.action_report_pickup_receipt").report_action(self)

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain(
            [("picking_id", "=", self.id)]
        )
