"""The demo's story, played through the add-on's real flows (loaded with demo data only)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class AfterSalesDemo(models.AbstractModel):
    _name = "after_sales.demo"
    _description = "After-Sales Demo Story"

    @api.model
    def _build_story(self):
        """Sell and deliver serials (cards inside their refund and replacement windows,
        one about to expire), put a replacement up for the manager's approval, repair a
        unit in the workshop, bill a paid repair and collect part of it, expense a
        warranty repair, and use parts on site from a van: every menu opens on rows
        made the way users make them."""
        technician = self.env.ref("base.user_demo")
        # played before on this database (the add-on uninstalled, then installed
        # again): the units sold then are still Odoo's records, new ones are sold
        replays = self.env["stock.lot"].search_count([("name", "=like", "AC1200-0101%")])
        story = self.with_context(
            after_sales_demo_serial_suffix=f"-{replays + 1}" if replays else ""
        )
        story._setup_accounting_and_vans(technician)
        story._deliver_serials()
        story._ask_for_a_replacement(technician)
        story._repair_in_the_workshop(technician)
        story._finish_the_warranty_repair(technician)
        story._bill_the_paid_repair(technician)
        story._use_parts_on_site(technician)
        story._sell_contracts()
        story._plan_and_work_visits(technician)
        story._hear_the_customers(technician)
        story._serve_the_portal_customer(technician)

    def _serial(self, name):
        """The demo's serial number ``name``, new if the story was played before."""
        return name + self.env.context.get("after_sales_demo_serial_suffix", "")

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def _setup_accounting_and_vans(self, technician):
        company = self.env.ref("base.main_company")
        expense = self.env["account.account"].search(
            [("code", "=", "611900"), ("company_ids", "in", company.id)], limit=1
        ) or self.env["account.account"].create(
            {
                "name": "Warranty Expense",
                "code": "611900",
                "account_type": "expense",
                "company_ids": [Command.link(company.id)],
            }
        )
        company.after_sales_warranty_expense_account_id = expense
        # vans are storage locations of their own
        self.env.ref("base.group_user").implied_ids = [
            Command.link(self.env.ref("stock.group_stock_multi_locations").id)
        ]
        warehouse = self._warehouse()
        team_van, own_van = self.env["stock.location"].create(
            [
                {
                    "name": "Field Service Van",
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                },
                {
                    "name": f"Van {technician.name}",
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                },
            ]
        )
        self.env.ref("after_sales.team_field_service").van_location_id = team_van
        technician.after_sales_van_location_id = own_van
        capacitor = self.env.ref("after_sales.product_capacitor")
        seal = self.env.ref("after_sales.product_door_seal")
        for van in (team_van, own_van):
            self._transfer(
                warehouse.int_type_id, warehouse.lot_stock_id, van, [(capacitor, 4), (seal, 1)]
            )

    def _deliver_serials(self):
        """Three units sold and delivered: today, 20 days ago, and nearly a year ago."""
        warehouse = self._warehouse()
        air_conditioner = self.env.ref("after_sales.product_air_conditioner")
        washing_machine = self.env.ref("after_sales.product_washing_machine")
        today = fields.Datetime.now()
        sales = [
            ("base.res_partner_2", air_conditioner, self._serial("AC1200-0101"), today),
            (
                "base.res_partner_3",
                washing_machine,
                self._serial("WM800-0101"),
                today - timedelta(days=20),
            ),
            (
                "base.res_partner_4",
                air_conditioner,
                self._serial("AC1200-0102"),
                today - relativedelta(months=12) + timedelta(days=12),
            ),
        ]
        for partner_xmlid, product, serial, delivered_on in sales:
            lot = self.env["stock.lot"].create({"name": serial, "product_id": product.id})
            self.env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1, lot_id=lot
            )
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.env.ref(partner_xmlid).id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            picking.move_ids._after_sales_set_lines([(lot, 1.0)])
            self._validate(picking)
            picking.date_done = delivered_on
            picking.warranty_card_ids.start_date = delivered_on.date()

    def _ask_for_a_replacement(self, technician):
        """A washing machine of 20 days bangs at spin: the technician asks for a
        replacement, worth more than the manager must approve."""
        lot = self.env["stock.lot"].search([("name", "=", self._serial("WM800-0101"))], limit=1)
        ticket = (
            self.env["after_sales.ticket"]
            .with_user(technician)
            .create(
                {
                    "name": "New washing machine bangs loudly at spin",
                    "partner_id": lot.warranty_card_ids.partner_id.id,
                    "lot_id": lot.id,
                    "team_id": self.env.ref("after_sales.team_workshop").id,
                    "channel": "phone",
                    "priority": "2",
                    "description": "<p>Delivered three weeks ago; the drum hits the casing.</p>",
                }
            )
        )
        ticket._request_guarantee("replace")

    def _repair_in_the_workshop(self, technician):
        """The noisy compressor's unit is in the workshop, its repair under way."""
        ticket = self.env.ref("after_sales.ticket_02").with_user(technician)
        self._receive(ticket)
        repair = self._repair_from(
            ticket, [(self.env.ref("after_sales.product_capacitor"), 1)], hours=0.75
        )
        repair.action_repair_start()

    def _finish_the_warranty_repair(self, technician):
        """The drum bearing job under warranty: received, repaired for free (the part
        expensed to the warranty expense account), returned; the ticket is solved."""
        ticket = self.env.ref("after_sales.ticket_14").with_user(technician)
        self._receive(ticket)
        repair = self._repair_from(
            ticket,
            [(self.env.ref("after_sales.product_drum_bearing"), 1)],
            hours=1.5,
            note="Drum dismantled, bearing replaced",
            xmlid="repair_drum_bearing",
        )
        self._finish(repair)
        back = self.env["stock.picking"].browse(ticket.action_return_product()["res_id"])
        self._validate(back)

    def _bill_the_paid_repair(self, technician):
        """The seal torn by the dog: approved by phone, repaired, invoiced, half paid;
        the unit waits in the workshop for its owner."""
        ticket = self.env.ref("after_sales.ticket_06").with_user(technician)
        self._receive(ticket)
        repair = self._repair_from(
            ticket,
            [(self.env.ref("after_sales.product_door_seal"), 1)],
            hours=0.5,
            note="Seal replacement",
            xmlid="repair_door_seal",
        )
        repair._after_sales_record_approval(repair.partner_id.name, "phone")
        self._finish(repair)
        # the service desk's accountant invoices it (the demo runs as the superuser)
        invoice = self.env["account.move"].browse(
            repair.with_env(self.env).action_after_sales_invoice()["res_id"]
        )
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": round(invoice.amount_total / 2, 2)})._create_payments()

    def _use_parts_on_site(self, technician):
        """On site, the breaker tripped on a capacitor: one from the technician's van."""
        ticket = self.env.ref("after_sales.ticket_17").with_user(technician)
        self.env["after_sales.labour.line"].with_user(technician).create(
            {"ticket_id": ticket.id, "hours": 1.0, "name": "On-site diagnosis"}
        )
        wizard = (
            self.env["after_sales.onsite.parts"]
            .with_user(technician)
            .create(
                {
                    "ticket_id": ticket.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.env.ref("after_sales.product_capacitor").id,
                                "quantity": 1,
                            }
                        )
                    ],
                }
            )
        )
        wizard.action_confirm()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.ref("base.main_company").id)], limit=1
        )

    def _transfer(self, picking_type, source, destination, lines):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for product, quantity in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self._validate(picking)
        return picking

    def _validate(self, picking):
        for move in picking.move_ids:
            if not move.quantity:
                move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(
            skip_backorder=True, cancel_backorder=True, skip_sms=True
        ).button_validate()

    def _receive(self, ticket):
        receipt = self.env["stock.picking"].browse(ticket.action_receive_product()["res_id"])
        self._validate(receipt)

    def _finish(self, repair):
        repair.action_repair_start()
        repair.move_ids.picked = True
        repair.action_repair_end()

    def _repair_from(self, ticket, parts, hours=0.0, note="Diagnosis and repair", xmlid=None):
        """A repair from the ticket's button, confirmed; ``xmlid`` names it for the
        README's screenshots and the tests."""
        action = ticket.action_create_repair()
        repair = ticket.env["repair.order"].with_context(**action["context"]).create({})
        if xmlid:
            self.env["ir.model.data"]._update_xmlids(
                [{"xml_id": f"after_sales.{xmlid}", "record": repair, "noupdate": True}]
            )
        repair.move_ids = [
            Command.create(
                {"product_id": product.id, "product_uom_qty": quantity, "repair_line_type": "add"}
            )
            for product, quantity in parts
        ]
        if hours:
            ticket.env["after_sales.labour.line"].create(
                {"repair_id": repair.id, "hours": hours, "name": note}
            )
        repair.action_validate()
        return repair
