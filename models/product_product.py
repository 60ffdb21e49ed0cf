from odoo import api, models

# Context key of the on-site parts picker: the van (or stock) the parts come from.
VAN_CONTEXT_KEY = "after_sales_parts_location_id"


class ProductProduct(models.Model):
    _inherit = "product.product"

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
