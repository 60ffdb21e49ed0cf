from odoo import api, fields, models
from odoo.tools import SQL

# Context key of the on-site parts picker: the van (or stock) the parts come from.
VAN_CONTEXT_KEY = "after_sales_parts_location_id"


class ProductProduct(models.Model):
    _inherit = "product.product"

    after_sales_van_quantity = fields.Float(
        string="In the Van",
        compute="_compute_after_sales_van_quantity",
        digits="Product Unit of Measure",
        help="In the on-site parts picker: what the van the parts come from holds.",
    )

    @api.depends_context(VAN_CONTEXT_KEY)
    def _compute_after_sales_van_quantity(self):
        location_id = self.env.context.get(VAN_CONTEXT_KEY)
        on_hand = self._after_sales_on_hand(location_id) if location_id else {}
        for product in self:
            product.after_sales_van_quantity = on_hand.get(product.id, 0.0)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """In the on-site parts picker (its phone dialog included), the parts the van
        holds come first; elsewhere, as in Odoo alone."""
        query = super()._search(domain, offset, limit, order)
        location_id = self.env.context.get(VAN_CONTEXT_KEY)
        # after-sales branch: only the on-site parts picker passes the van
        if not location_id or query.is_empty():
            return query
        # sudo: the van's place in the tree, whatever the technician's stock rights
        van = self.env["stock.location"].sudo().browse(int(location_id)).exists()
        if not van:
            return query
        in_van_first = SQL(
            "EXISTS(SELECT 1 FROM stock_quant quant "
            "JOIN stock_location location ON location.id = quant.location_id "
            "WHERE quant.product_id = %s AND quant.quantity > 0 "
            "AND location.parent_path LIKE %s) DESC",
            SQL.identifier(query.table, "id"),
            f"{van.parent_path}%",
        )
        query.order = SQL("%s, %s", in_van_first, query.order) if query.order else in_van_first
        return query

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """In the on-site parts picker, the parts the van holds come first, each with
        the quantity it holds; elsewhere, as in Odoo alone."""
        location_id = self.env.context.get(VAN_CONTEXT_KEY)
        # after-sales branch: only the on-site parts picker passes the van
        if not location_id:
            return super().name_search(name, args, operator, limit)
        on_hand = self._after_sales_on_hand(location_id)
        in_van = super().name_search(
            name, list(args or []) + [("id", "in", list(on_hand))], operator, limit
        )
        others = (
            super().name_search(
                name,
                list(args or []) + [("id", "not in", list(on_hand))],
                operator,
                max(limit - len(in_van), 0) if limit else limit,
            )
            if not limit or len(in_van) < limit
            else []
        )
        van = self.env["stock.location"].browse(location_id)
        return [
            (
                product_id,
                self.env._(
                    "%(part)s (%(quantity)s in %(van)s)",
                    part=label,
                    quantity=format(on_hand[product_id], "g"),
                    van=van.name,
                ),
            )
            for product_id, label in in_van
        ] + [
            (product_id, self.env._("%(part)s (none in %(van)s)", part=label, van=van.name))
            for product_id, label in others
        ]

    @api.model
    def _after_sales_on_hand(self, location_id):
        """{product id: quantity} of what location ``location_id`` (and its children)
        holds, read with one grouped query."""
        # sudo: technicians see what their van holds, whatever their stock rights
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", location_id),
                    ("quantity", ">", 0),
                    ("product_id.is_storable", "=", True),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        )
        return {product.id: quantity for product, quantity in groups}
