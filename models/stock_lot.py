from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index


class StockLot(models.Model):
    _inherit = "stock.lot"

    warranty_card_ids = fields.One2many(
        "after_sales.warranty.card", "lot_id", string="Warranty Cards"
    )
    warranty_card_count = fields.Integer(compute="_compute_warranty_card_count")
    after_sales_contract_count = fields.Integer(
        string="Maintenance Contracts",
        compute="_compute_after_sales_contract_count",
        groups="after_sales.group_after_sales_user",
    )

    def _compute_warranty_card_count(self):
        counts = self.env["after_sales.warranty.card"]._count_by("lot_id", self)
        for lot in self:
            lot.warranty_card_count = counts.get(lot, 0)

    def init(self):
        # an agent on the phone types an exact serial: found case-insensitively by a
        # btree, not by a trigram scan over every lot
        create_index(
            self.env.cr,
            "stock_lot_after_sales_lower_name_index",
            self._table,
            ["lower(name)"],
        )

    @api.model
    def _after_sales_find_serial(self, serial):
        """The lots named exactly ``serial`` (case-insensitive), through the index."""
        self.env.cr.execute(
            SQL("SELECT id FROM stock_lot WHERE lower(name) = lower(%s)", serial.strip())
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def name_create(self, name):
        """A serial typed on a ticket that we did not sell (a unit bought elsewhere) is
        created for the ticket's product; without a product, say what to do."""
        # after-sales branch: a serial typed on a ticket (its context says so)
        if self.env.context.get("after_sales_serial_entry") and not self.env.context.get(
            "default_product_id"
        ):
            raise UserError(
                self.env._(
                    "Choose the product first: serial number %s is then created for it.", name
                )
            )
        return super().name_create(name)

    def _compute_after_sales_contract_count(self):
        counts = dict(
            self.env["after_sales.contract.line"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["contract_id:count_distinct"]
            )
        )
        for lot in self:
            lot.after_sales_contract_count = counts.get(lot, 0)

    def action_view_after_sales_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_contract"
        )
        action["domain"] = [("line_ids.lot_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain([("lot_id", "=", self.id)])
