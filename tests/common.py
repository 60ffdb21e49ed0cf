import base64
import io
from datetime import datetime

from PIL import Image, ImageDraw

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


def signature_png(drawn=True):
    """A signature as the drawing pad gives it (PNG, base64): a stroke, or nothing."""
    image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
    if drawn:
        ImageDraw.Draw(image).line(
            [(10, 60), (60, 15), (110, 62), (160, 18), (230, 50)], fill=(10, 20, 90, 255), width=3
        )
    output = io.BytesIO()
    image.save(output, format="PNG")
    return base64.b64encode(output.getvalue())


SIGNATURE_PNG = signature_png()
BLANK_SIGNATURE_PNG = signature_png(drawn=False)


class AfterSalesCase(TransactionCase):
    """A team on a Mon-Fri 8-12/13-17 UTC calendar, one user per persona and a customer.

    Mail tracking is off, as it is faster and quieter, except in the classes that set
    ``track_changes``: those checking the chatter, tracking or the stage emails.
    """

    track_changes = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        quiet = not cls.track_changes
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=quiet, mail_notrack=quiet))
        # one timezone for every user, so that "today" is the same date for all of them
        cls.env.user.tz = "UTC"
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
        cls.warehouse_user = new_test_user(
            cls.env,
            login="as_warehouse",
            groups="base.group_user,stock.group_stock_user",
            name="Warehouse Walter",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="as_accountant",
            groups="base.group_user,account.group_account_invoice",
            name="Accountant Ann",
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
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Juan Contact", "parent_id": cls.customer.id, "email": "juan@customer.test"}
        )
        cls.portal_customer = new_test_user(
            cls.env,
            login="as_portal",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Service Co"})
        cls.other_company_user = new_test_user(
            cls.env,
            login="as_other_company",
            groups="base.group_user,after_sales.group_after_sales_user",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
            name="Other Company Otto",
        )
        cls.stage_new = cls.env.ref("after_sales.stage_new")
        cls.stage_in_progress = cls.env.ref("after_sales.stage_in_progress")
        cls.stage_waiting_customer = cls.env.ref("after_sales.stage_waiting_customer")
        cls.stage_solved = cls.env.ref("after_sales.stage_solved")

    @classmethod
    def _create_ticket(cls, **values):
        values.setdefault("name", "Air conditioner not cooling")
        values.setdefault("team_id", cls.team.id)
        values.setdefault("partner_id", cls.customer.id)
        return cls.env["after_sales.ticket"].create(values)

    def _solved_ticket(self, **values):
        """A ticket of the technician's, moved to Solved by them."""
        ticket = self._create_ticket(user_id=self.technician.id, **values)
        ticket.with_user(self.technician).stage_id = self.stage_solved
        return ticket

    @staticmethod
    def dt(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M")

    def count_queries(self, function, *args, **kwargs):
        """Run ``function`` and return (its result, how many SQL queries it ran),
        pending writes flushed on both sides."""
        self.env.flush_all()
        before = self.cr.sql_log_count
        result = function(*args, **kwargs)
        self.env.flush_all()
        return result, self.cr.sql_log_count - before


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


class ServiceJobCase(WarrantyCase):
    """Spare parts on the shelves, a labour product, a pricelist and an analytic
    account for the team, and helpers that take a job from ticket to invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="as_advisor",
            groups="base.group_user,after_sales.group_after_sales_user,"
            "sales_team.group_sale_salesman",
            name="Service Desk Sara",
        )
        cls.parts_category = cls.env["product.category"].create(
            {
                "name": "Spare parts",
                "property_valuation": "real_time",
                "property_cost_method": "standard",
            }
        )
        cls.compressor = cls._part("Compressor", 200.0, 120.0)
        cls.filter = cls._part("Air filter", 30.0, 10.0)
        cls.labour = cls.env["product.product"].create(
            {"name": "Repair labour (hour)", "type": "service", "list_price": 50.0}
        )
        cls.labour.standard_price = 20.0
        cls.company.after_sales_labour_product_id = cls.labour
        cls.warranty_expense = cls.env["account.account"].create(
            {"name": "Warranty expense", "code": "619990", "account_type": "expense"}
        )
        cls.company.after_sales_warranty_expense_account_id = cls.warranty_expense
        pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Loyal customers -10%",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        cls.customer.property_product_pricelist = pricelist
        cls.analytic = cls.env["account.analytic.account"].create(
            {
                "name": "Workshop service",
                "plan_id": cls.env["account.analytic.plan"].create({"name": "Service"}).id,
            }
        )
        cls.team.analytic_account_id = cls.analytic
        for product, quantity in ((cls.compressor, 5), (cls.filter, 10)):
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock_location, quantity)

    @classmethod
    def _part(cls, name, price, cost):
        part = cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "categ_id": cls.parts_category.id,
                "list_price": price,
            }
        )
        part.standard_price = cost
        return part

    def _ticket(self, covered=False, **values):
        lot = self._lots(self.serial_product, 1, prefix=values.pop("prefix", "RPR"))
        if covered:
            self._manual_card(product_id=self.serial_product.id, lot_id=lot.id).action_activate()
        return self._create_ticket(
            product_id=self.serial_product.id, lot_id=lot.id, user_id=self.technician.id, **values
        )

    def _repair(self, ticket, parts=(), hours=0.0, user=None):
        """A repair created from the ticket's button, with parts [(product, qty, excluded)]."""
        env = ticket.with_user(user or self.technician).env
        action = ticket.with_env(env).action_create_repair()
        repair = env["repair.order"].with_context(**action["context"]).create({})
        repair.move_ids = [
            Command.create(
                {
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "repair_line_type": "add",
                    "after_sales_excluded": excluded,
                }
            )
            for product, quantity, excluded in parts
        ]
        if hours:
            env["after_sales.labour.line"].create(
                {"repair_id": repair.id, "hours": hours, "name": "Diagnosis and repair"}
            )
        result = repair.action_validate()
        if isinstance(result, dict):  # the customer's unit is not in our stock: confirm anyway
            Form.from_action(env, result).save().action_done()
        self.assertEqual(repair.state, "confirmed")
        return repair

    def _send_estimate(self, repair):
        """Send Estimate, then send the email the composer proposes."""
        repair = repair.with_user(self.advisor)
        composer = Form.from_action(repair.env, repair.action_send_estimate()).save()
        composer.action_send_mail()
        return repair

    def _approve(self, repair):
        repair = self._send_estimate(repair)
        wizard = Form.from_action(repair.env, repair.action_record_estimate_approval())
        wizard.approved_by = "Jane Customer"
        wizard.method = "phone"
        wizard.save().action_confirm()

    def _finish(self, repair):
        repair = repair.with_user(self.technician)
        repair.action_repair_start()
        repair.move_ids.picked = True
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

    def _on_hand(self, product):
        return self.env["stock.quant"]._get_available_quantity(product, self.stock_location)

    def _lines_by_product(self, order):
        return {line.product_id: line for line in order.order_line}

    def _van(self, name):
        """A van: an internal stock location of the warehouse."""
        return self.env["stock.location"].create(
            {"name": name, "usage": "internal", "location_id": self.warehouse.view_location_id.id}
        )

    def _on_hand_at(self, product, location):
        return self.env["stock.quant"]._get_available_quantity(product, location)

    def _finished_paid_repairs(self, count):
        tickets = self.env["after_sales.ticket"].create(
            [
                {
                    "name": f"Bulk job {index}",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "product_id": self.filter.id,
                }
                for index in range(count)
            ]
        )
        repairs = self.env["repair.order"].create(
            [
                {
                    "after_sales_ticket_id": ticket.id,
                    "partner_id": self.customer.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": self.filter.id,
                                "product_uom_qty": 1,
                                "repair_line_type": "add",
                            }
                        )
                    ],
                }
                for ticket in tickets
            ]
        )
        self.env["after_sales.labour.line"].create(
            [{"repair_id": repair.id, "hours": 0.5} for repair in repairs]
        )
        repairs._after_sales_record_approval("Jane Customer", "phone")
        repairs.action_repair_start()
        repairs.move_ids.picked = True
        repairs.action_repair_end()
        return repairs

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()
