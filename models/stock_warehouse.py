from odoo import fields, models

PARTS_TYPE_FIELD = "after_sales_parts_type_id"


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    after_sales_parts_type_id = fields.Many2one(
        "stock.picking.type",
        string="Parts Used on Site Operation Type",
        check_company=True,
        copy=False,
        help="Spare parts technicians consume at customers' sites, taken from a van or "
        "the stock: not a delivery, so the customer is not told of a shipment.",
    )

    # Every warehouse gets the operation type of parts used on site beside Odoo's own
    # (README: what installing after_sales changes); Odoo's types are left as they are.
    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        values[PARTS_TYPE_FIELD] = {
            "name": self.env._("%(name)s Sequence parts used on site", name=self.name),
            "prefix": f"{self.code}/{self.after_sales_parts_type_id.sequence_code or 'SVC'}/",
            "padding": 5,
            "company_id": self.company_id.id,
        }
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        data[PARTS_TYPE_FIELD] = {
            "name": self.env._("Parts Used on Site"),
            # internal, not outgoing: no delivery count, no "shipped" email or SMS
            "code": "internal",
            "use_create_lots": False,
            "use_existing_lots": True,
            "default_location_src_id": self.lot_stock_id.id,
            "default_location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "sequence": next_sequence + 1,
            "sequence_code": "SVC",
            "company_id": self.company_id.id,
        }
        return data, next_sequence + 2

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        data[PARTS_TYPE_FIELD] = {
            "active": self.active,
            "barcode": self.code.replace(" ", "").upper() + "SVC",
        }
        return data

    def _after_sales_parts_type(self):
        """The warehouse's operation type for parts used on site, created for a
        warehouse that predates the add-on."""
        self.ensure_one()
        if not self.after_sales_parts_type_id:
            # sudo: operation types are warehouse configuration; the technician who
            # records the first parts used on site gets the one the warehouse lacks
            warehouse = self.sudo()
            # installed again after an uninstall: the warehouse kept its operation
            # type and its numbering, which go on
            kept = (
                self.env["stock.picking.type"]
                .sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("warehouse_id", "=", warehouse.id),
                        ("code", "=", "internal"),
                        ("sequence_code", "=", "SVC"),
                    ],
                    limit=1,
                )
            )
            if kept:
                kept.active = warehouse.active
                warehouse.after_sales_parts_type_id = kept
            else:
                warehouse.write(warehouse._create_or_update_sequences_and_picking_types())
        return self.after_sales_parts_type_id
