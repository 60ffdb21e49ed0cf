from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.notifications import notification

# The jobs parts are used on: a ticket or a visit, one of them set.
JOB_FIELDS = ("ticket_id", "visit_id")


class AfterSalesOnsiteParts(models.TransientModel):
    _name = "after_sales.onsite.parts"
    _description = "Spare Parts Used on Site"

    ticket_id = fields.Many2one("after_sales.ticket", ondelete="cascade")
    visit_id = fields.Many2one("after_sales.visit", ondelete="cascade")
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    location_id = fields.Many2one(
        "stock.location",
        string="Taken from",
        required=True,
        compute="_compute_location_id",
        store=True,
        precompute=True,
        readonly=False,
        domain="[('usage', '=', 'internal'), ('after_sales_customer_goods', '=', False), "
        "('company_id', '=', company_id)]",
        help="The van or stock the parts come from: the technician's van, else the "
        "team's, else the warehouse's stock.",
    )
    line_ids = fields.One2many("after_sales.onsite.parts.line", "wizard_id", string="Parts")
    has_short_line = fields.Boolean(compute="_compute_has_short_line")

    @api.depends("line_ids.is_short")
    def _compute_has_short_line(self):
        for wizard in self:
            wizard.has_short_line = any(wizard.line_ids.mapped("is_short"))

    @api.depends(*JOB_FIELDS)
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard._job().company_id

    @api.depends(*JOB_FIELDS)
    def _compute_location_id(self):
        """The technician's van, else the team's, else the warehouse's stock."""
        for wizard in self:
            job = wizard._job()
            wizard.location_id = job._job_parts_location() if job else False

    def _job(self):
        """The ticket or visit the parts are used on (the one job accessor)."""
        self.ensure_one()
        return next((self[name] for name in JOB_FIELDS if self[name]), self.ticket_id)

    def action_confirm(self):
        """Consume the parts: a validated transfer from the van, linked to the ticket
        or the visit."""
        self.ensure_one()
        job = self._job()
        lines = self._check_parts_can_be_taken()
        warehouse = self.location_id.warehouse_id or job._after_sales_warehouse()
        destination = job._job_parts_destination()
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse._after_sales_parts_type().id,
                "partner_id": job.partner_id.id,
                "location_id": self.location_id.id,
                "location_dest_id": destination.id,
                "origin": job.number,
                "after_sales_ticket_id": self.ticket_id.id,
                "after_sales_visit_id": self.visit_id.id,
                "after_sales_goods_flow": "parts",
                "move_ids": [
                    Command.create(
                        {
                            "name": line.product_id.display_name,
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.product_id.uom_id.id,
                            "location_id": self.location_id.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        for move, line in zip(picking.move_ids, lines, strict=True):
            if line.lot_id:
                move._after_sales_set_lines([(line.lot_id, line.quantity)])
            else:
                move.quantity = line.quantity
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, cancel_backorder=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._("The parts could not be taken from %s.", self.location_id.display_name)
            )
        parts = ", ".join(f"{line.quantity:g} x {line.product_id.display_name}" for line in lines)
        job._after_sales_log(
            self.env._("Spare parts used on site (%(picking)s): %(parts)s."),
            picking=picking,
            parts=parts,
        )
        job._job_parts_used(picking)
        return notification(
            self.env,
            self.env._(
                "%(count)s parts consumed from %(location)s: %(parts)s.",
                count=format(sum(lines.mapped("quantity")), "g"),
                location=self.location_id.display_name,
                parts=parts,
            ),
            close=True,
        )

    def _check_parts_can_be_taken(self):
        """The parts lines to consume, once the job is open to the user and the
        location holds them; a clear error otherwise, with nothing moved."""
        job = self._job()
        if not job:
            raise UserError(self.env._("Parts are used on site for a ticket or a visit."))
        job._job_check_parts_allowed()
        lines = self.line_ids.filtered("product_id")
        if not lines:
            raise UserError(self.env._("Add the spare parts used on site."))
        if self.location_id.after_sales_customer_goods:
            raise UserError(
                self.env._(
                    "%s holds customers' units, not spare parts: take the parts from a van "
                    "or the stock.",
                    self.location_id.display_name,
                )
            )
        if any(line.quantity <= 0 for line in lines):
            raise UserError(self.env._("The quantity of a part used on site must be positive."))
        quants = self.env["stock.quant"]
        missing = [
            line
            for line in lines
            if float_compare(
                quants._get_available_quantity(
                    line.product_id, self.location_id, lot_id=line.lot_id or None
                ),
                line.quantity,
                precision_rounding=line.product_id.uom_id.rounding,
            )
            < 0
        ]
        if missing:
            raise UserError(
                self.env._(
                    "%(location)s does not hold enough of: %(parts)s.",
                    location=self.location_id.display_name,
                    parts=", ".join(line.product_id.display_name for line in missing),
                )
            )
        return lines
