from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .selections import TICKET_CATEGORIES

# The jobs labour is recorded on: a ticket (its repairs' time included) or a visit.
JOB_FIELDS = ("ticket_id", "visit_id")


class AfterSalesLabourLine(models.Model):
    _name = "after_sales.labour.line"
    _description = "Labour Time"
    _order = "date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "after_sales.ticket",
        compute="_compute_ticket_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    visit_id = fields.Many2one(
        "after_sales.visit", index="btree_not_null", ondelete="cascade", check_company=True
    )
    repair_id = fields.Many2one(
        "repair.order",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        domain="[('after_sales_ticket_id', '=', ticket_id)]",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_job", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    category = fields.Selection(
        TICKET_CATEGORIES,
        compute="_compute_category",
        store=True,
        help="The category of the ticket or visit the time is recorded on: it decides "
        "whether the line is billed.",
    )
    team_id = fields.Many2one(
        "after_sales.team", compute="_compute_job", store=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users", string="Technician", required=True, default=lambda self: self.env.user
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Work Done")
    hours = fields.Float(required=True, digits=(16, 2))
    product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'service')]",
        default=lambda self: self.env.company.after_sales_labour_product_id,
    )
    excluded_from_warranty = fields.Boolean(
        string="Not Covered",
        help="Billed to the customer even on a warranty job (customer damage, work "
        "outside the warranty terms).",
    )
    is_billable = fields.Boolean(
        string="Billable",
        compute="_compute_is_billable",
        store=True,
        help="Charged to the customer, following the ticket's category and this line's coverage.",
    )
    cost = fields.Monetary(
        compute="_compute_cost", store=True, help="Hours valued at the labour product's cost."
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sale Order Line", copy=False, readonly=True, index=True
    )

    @api.depends("repair_id")
    def _compute_ticket_id(self):
        for line in self.filtered("repair_id.after_sales_ticket_id"):
            line.ticket_id = line.repair_id.after_sales_ticket_id

    @api.depends(
        "ticket_id.company_id", "ticket_id.team_id", "visit_id.company_id", "visit_id.team_id"
    )
    def _compute_job(self):
        for line in self:
            job = line._job()
            line.company_id = job.company_id
            line.team_id = job.team_id

    @api.depends("ticket_id.category", "visit_id")
    def _compute_category(self):
        for line in self:
            job = line._job()
            line.category = job._job_billing_category() if job else False

    @api.depends("category", "excluded_from_warranty")
    def _compute_is_billable(self):
        for line in self:
            line.is_billable = self.env["after_sales.billing.policy"]._line_billable(
                line.category, line.excluded_from_warranty
            )

    @api.depends("hours", "product_id.standard_price")
    def _compute_cost(self):
        for line in self:
            line.cost = line.hours * line.product_id.standard_price

    @api.constrains("ticket_id", "visit_id")
    def _check_job(self):
        for line in self:
            if not line.ticket_id and not line.visit_id:
                raise ValidationError(
                    self.env._("Labour time is recorded on a ticket, a repair or a visit.")
                )

    @api.constrains("hours")
    def _check_hours(self):
        for line in self:
            if line.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Labour time must be positive (%(hours)s hours given on %(job)s).",
                        hours=line.hours,
                        job=line._job().display_name,
                    )
                )

    @api.constrains("product_id")
    def _check_labour_product(self):
        for line in self:
            if line.product_id.type != "service":
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a service: labour is billed with a service "
                        "product (hours), parts are added as parts.",
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("repair_id", "ticket_id")
    def _check_repair_ticket(self):
        for line in self:
            if line.repair_id and line.repair_id.after_sales_ticket_id != line.ticket_id:
                raise ValidationError(
                    self.env._(
                        "Repair %(repair)s does not belong to ticket %(ticket)s.",
                        repair=line.repair_id.name,
                        ticket=line.ticket_id.display_name,
                    )
                )

    def _job(self):
        """The ticket or visit the time is recorded on (the one job accessor)."""
        self.ensure_one()
        return next((self[name] for name in JOB_FIELDS if self[name]), self.ticket_id)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.repair_id._after_sales_sync_sale_lines()
        lines.ticket_id._after_sales_work_started()
        lines.visit_id._check_own_visit()
        return lines

    def unlink(self):
        # sudo: the quotation line of removed time goes with it, whoever removes it
        self.sale_line_id.sudo().filtered(lambda line: not line.qty_invoiced).product_uom_qty = 0
        return super().unlink()

    def write(self, vals):
        result = super().write(vals)
        if "hours" in vals:
            # sudo: the on-site work order follows the time technicians record
            for line in self.filtered(lambda line: not line.repair_id and line.sale_line_id):
                if not line.sale_line_id.sudo().qty_invoiced:
                    line.sale_line_id.sudo().product_uom_qty = line.hours
        if {"hours", "product_id", "excluded_from_warranty", "repair_id"} & set(vals):
            self.repair_id._after_sales_sync_sale_lines()
        return result
