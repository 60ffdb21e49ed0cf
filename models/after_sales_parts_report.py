from odoo import fields, models, tools
from odoo.tools import SQL

from .selections import SERVICE_JOBS, TICKET_CATEGORIES


class AfterSalesPartsReport(models.Model):
    _name = "after_sales.parts.report"
    _description = "Spare Parts Consumption Analysis"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Datetime(readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    product_categ_id = fields.Many2one("product.category", string="Part Category", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    cost = fields.Float(readonly=True, help="Value of the consumed parts in the books.")
    ticket_id = fields.Many2one("after_sales.ticket", readonly=True)
    repair_id = fields.Many2one("repair.order", readonly=True)
    category = fields.Selection(TICKET_CATEGORIES, readonly=True)
    team_id = fields.Many2one("after_sales.team", readonly=True)
    technician_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    job = fields.Selection(SERVICE_JOBS, readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT move.id,
                           move.date,
                           move.product_id,
                           template.categ_id AS product_categ_id,
                           move.product_qty AS quantity,
                           COALESCE(-valuation.value, 0.0) AS cost,
                           ticket.id AS ticket_id,
                           repair.id AS repair_id,
                           ticket.category,
                           ticket.team_id,
                           COALESCE(repair.user_id, ticket.user_id) AS technician_id,
                           move.company_id,
                           CASE WHEN repair.id IS NULL THEN 'onsite' ELSE 'workshop' END AS job
                      FROM stock_move move
                      JOIN product_product product ON product.id = move.product_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                      LEFT JOIN repair_order repair ON repair.id = move.repair_id
                      LEFT JOIN stock_picking picking ON picking.id = move.picking_id
                      JOIN after_sales_ticket ticket
                        ON ticket.id = COALESCE(repair.after_sales_ticket_id,
                                                picking.after_sales_ticket_id)
                      LEFT JOIN (
                            SELECT stock_move_id, SUM(value) AS value
                              FROM stock_valuation_layer
                             GROUP BY stock_move_id
                      ) valuation ON valuation.stock_move_id = move.id
                     WHERE move.state = 'done'
                       AND ((move.repair_id IS NOT NULL AND move.repair_line_type = 'add')
                            OR picking.after_sales_goods_flow = 'parts')
                )
                """,
                SQL.identifier(self._table),
            )
        )
