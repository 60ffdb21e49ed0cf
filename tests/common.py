from datetime import datetime

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


class AfterSalesCase(TransactionCase):
    """A team on a Mon-Fri 8-12/13-17 UTC calendar, its users and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Workshop 8-12 / 13-17",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="base.group_user,after_sales.group_after_sales_manager",
            name="Service Manager",
        )
        cls.technician = new_test_user(
            cls.env,
            login="as_technician",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Technician Tom",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="as_outsider",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Other Team Olga",
        )
        cls.team = cls.env["after_sales.team"].create(
            {
                "name": "Test Workshop",
                "leader_id": cls.manager.id,
                "member_ids": [Command.link(cls.technician.id)],
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jane Customer",
                "email": "jane@customer.test",
                "phone": "+34 600 000 001",
                "street": "Calle Mayor 1",
                "city": "Madrid",
                "zip": "28013",
            }
        )
        cls.stage_new = cls.env.ref("after_sales.stage_new")
        cls.stage_in_progress = cls.env.ref("after_sales.stage_in_progress")
        cls.stage_waiting_customer = cls.env.ref("after_sales.stage_waiting_customer")
        cls.stage_solved = cls.env.ref("after_sales.stage_solved")

    @classmethod
    def _other_company_user(cls, company_name, login):
        """An after-sales user who only belongs to a new company."""
        company = cls.env["res.company"].create({"name": company_name})
        user = new_test_user(
            cls.env,
            login=login,
            groups="base.group_user,after_sales.group_after_sales_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        return company, user

    @classmethod
    def _create_ticket(cls, **values):
        values.setdefault("name", "Air conditioner not cooling")
        values.setdefault("team_id", cls.team.id)
        values.setdefault("partner_id", cls.customer.id)
        return cls.env["after_sales.ticket"].create(values)

    @staticmethod
    def dt(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M")


class WarrantyCase(AfterSalesCase):
    """Warranty policies on product categories, tracked products and a warehouse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standard_policy = cls.env.ref("after_sales.warranty_policy_standard")
        cls.long_policy = cls.env["after_sales.warranty.policy"].create(
            {"name": "Compressor 24 months", "warranty_months": 24, "refund_days": 0}
        )
        cls.category = cls.env["product.category"].create(
            {"name": "Air conditioners", "warranty_policy_id": cls.standard_policy.id}
        )
        cls.subcategory = cls.env["product.category"].create(
            {"name": "Split units", "parent_id": cls.category.id}
        )
        cls.serial_product = cls._product("Split AC", "serial", cls.subcategory)
        cls.lot_product = cls._product("Refrigerant oil", "lot", cls.category)
        cls.untracked_product = cls._product("Remote control", "none", cls.category)
        cls.no_policy_product = cls._product(
            "Cleaning spray", "none", cls.env.ref("product.product_category_all")
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")

    @classmethod
    def _product(cls, name, tracking, category):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "tracking": tracking,
                "categ_id": category.id,
            }
        )

    def _manual_card(self, **values):
        """A card typed in by hand for the untracked product, standard policy."""
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("product_id", self.untracked_product.id)
        values.setdefault("policy_id", self.standard_policy.id)
        return self.env["after_sales.warranty.card"].create(values)

    def _lots(self, product, count, prefix="SN"):
        return self.env["stock.lot"].create(
            [{"name": f"{prefix}-{index:05d}", "product_id": product.id} for index in range(count)]
        )

    def _delivery(self, lines):
        """An outgoing delivery to the customer; ``lines`` is [(product, qty, lots)]."""
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": self.customer_location.id,
                        }
                    )
                    for product, qty, _lots in lines
                ],
            }
        )
        picking.action_confirm()
        for move, (product, qty, lots) in zip(picking.move_ids, lines, strict=True):
            per_line = (
                [(lot, 1.0) for lot in lots] if product.tracking == "serial" else [(lots, qty)]
            )
            move.move_line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "product_id": product.id,
                        "lot_id": lot.id,
                        "quantity": quantity,
                        "location_id": self.stock_location.id,
                        "location_dest_id": self.customer_location.id,
                        "picking_id": picking.id,
                    }
                )
                for lot, quantity in per_line
            ]
            move.picked = True
        return picking

    def _validate(self, picking, backorder=False):
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            wizard = Form.from_action(self.env, result).save()
            if backorder:
                wizard.process()
            else:
                wizard.process_cancel_backorder()
        self.assertEqual(picking.state, "done")
        return picking
