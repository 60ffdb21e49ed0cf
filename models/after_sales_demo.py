"""The demo's story, played through the add-on's real flows (loaded with demo data only)."""

import base64
import io
import math
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from PIL import Image, ImageDraw

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
        self._setup_accounting_and_vans(technician)
        self._deliver_serials()
        self._ask_for_a_replacement(technician)
        self._repair_in_the_workshop(technician)
        self._finish_the_warranty_repair(technician)
        self._bill_the_paid_repair(technician)
        self._use_parts_on_site(technician)
        self._sell_contracts()
        self._plan_and_work_visits(technician)
        self._hear_the_customers(technician)
        self._serve_the_portal_customer(technician)

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
            ("base.res_partner_2", air_conditioner, "AC1200-0101", today),
            ("base.res_partner_3", washing_machine, "WM800-0101", today - timedelta(days=20)),
            (
                "base.res_partner_4",
                air_conditioner,
                "AC1200-0102",
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
        lot = self.env["stock.lot"].search([("name", "=", "WM800-0101")], limit=1)
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

    def _sell_contracts(self):
        """Three maintenance contracts: one running (its fees billed monthly), one
        about to end (to renew), one expired."""
        today = fields.Date.today()
        fee = self.env["product.product"].create(
            {"name": "Maintenance Contract Fee", "type": "service", "list_price": 0.0}
        )
        air_conditioner = self.env.ref("after_sales.product_air_conditioner")
        washing_machine = self.env.ref("after_sales.product_washing_machine")
        field_service = self.env.ref("after_sales.team_field_service")
        salesperson = self.env.ref("base.user_admin")
        contracts = (
            self.env["after_sales.contract"]
            .with_context(default_user_id=salesperson.id)
            .create(
                [
                    {
                        "name": "Cooling plant: monthly care, labour included",
                        "partner_id": self.env.ref("base.res_partner_3").id,
                        "team_id": field_service.id,
                        "date_start": today - relativedelta(months=4),
                        "date_end": today + relativedelta(months=8, days=-1),
                        "labour_included": True,
                        "parts_discount": 15.0,
                        "sla_policy_id": self.env.ref("after_sales.sla_policy_field_urgent").id,
                        "visits_per_year": 4,
                        "fee_product_id": fee.id,
                        "fee_amount": 120.0,
                        "billing_period": "monthly",
                        "line_ids": [Command.create({"product_id": air_conditioner.id})],
                    },
                    {
                        "name": "Laundry room: yearly maintenance",
                        "partner_id": self.env.ref("base.res_partner_10").id,
                        "team_id": self.env.ref("after_sales.team_workshop").id,
                        "date_start": today - relativedelta(months=12) + timedelta(days=20),
                        "date_end": today + timedelta(days=19),
                        "parts_discount": 10.0,
                        "visits_per_year": 1,
                        "fee_product_id": fee.id,
                        "fee_amount": 480.0,
                        "billing_period": "yearly",
                        "line_ids": [Command.create({"product_id": washing_machine.id})],
                    },
                    {
                        "name": "Showroom units: maintenance 2024-2025",
                        "partner_id": self.env.ref("base.res_partner_12").id,
                        "team_id": field_service.id,
                        "date_start": today - relativedelta(years=2),
                        "date_end": today - relativedelta(years=1, days=1),
                        "fee_product_id": fee.id,
                        "fee_amount": 300.0,
                        "billing_period": "yearly",
                        "line_ids": [Command.create({"product_id": air_conditioner.id})],
                    },
                ]
            )
        )
        contracts.action_confirm()
        # the running contract promises visits: its plan gives the coming ones
        self.env["after_sales.visit.plan"]._cron_schedule_visits()

    def _plan_and_work_visits(self, technician):
        """Key customers of each class get their visit plans; the last weeks' visits
        were done (one signed with parts and labour, one whose finding opened a
        ticket, one the customer could not sign), missed (the leader was told) or
        cancelled; one is under way and one waits for the technician this afternoon."""
        ref = self.env.ref
        field_service = ref("after_sales.team_field_service")
        for xmlid, customer_class in (
            ("base.res_partner_3", "A"),
            ("base.res_partner_4", "A"),
            ("base.res_partner_2", "B"),
            ("base.res_partner_1", "C"),
        ):
            ref(xmlid).after_sales_class = customer_class
        today = fields.Date.today()
        self.env["after_sales.visit.plan"].create(
            [
                {
                    "name": f"Key customer inspection ({customer_class})",
                    "partner_id": ref(xmlid).id,
                    "purpose": "inspection",
                    "next_date": today + timedelta(days=days),
                    "user_id": technician.id,
                    "team_id": field_service.id,
                }
                for xmlid, customer_class, days in (
                    ("base.res_partner_4", "A", 3),
                    ("base.res_partner_2", "B", 9),
                    ("base.res_partner_1", "C", 16),
                )
            ]
        )
        self.env["after_sales.visit.plan"]._cron_schedule_visits()

        Contract = self.env["after_sales.contract"]
        running = Contract.search([("partner_id", "=", ref("base.res_partner_3").id)], limit=1)
        to_renew = Contract.search([("partner_id", "=", ref("base.res_partner_10").id)], limit=1)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        morning = now.replace(hour=8)

        def visit(partner, days_ago, hour, **values):
            return (
                self.env["after_sales.visit"]
                .with_context(mail_create_nolog=True)
                .create(
                    {
                        "partner_id": partner.id,
                        "site_partner_id": partner.id,
                        "user_id": technician.id,
                        "team_id": field_service.id,
                        "date_start": morning.replace(hour=hour) - timedelta(days=days_ago),
                        **values,
                    }
                )
                .with_user(technician)
            )

        signed = visit(
            running.partner_id, 20, 9, contract_id=running.id, duration=2.0, purpose="maintenance"
        )
        signed.action_start()
        signed.check_ids.write({"result": "ok"})
        signed.check_ids[-1:].write({"result": "not_ok", "note": "Condensate pan half full"})
        self.env["after_sales.onsite.parts"].with_user(technician).create(
            {
                "visit_id": signed.id,
                "line_ids": [
                    Command.create({"product_id": ref("after_sales.product_capacitor").id})
                ],
            }
        ).action_confirm()
        self.env["after_sales.labour.line"].with_user(technician).create(
            {"visit_id": signed.id, "hours": 1.5, "name": "Coils cleaned, capacitor replaced"}
        )
        signed.write(
            {
                "findings": "<p>Coils cleaned, one weak start capacitor replaced, "
                "condensate pan emptied.</p>",
                "signed_by": running.partner_id.name,
                "signature": self._signature(running.partner_id.name),
            }
        )
        signed.action_finish()

        finding = visit(to_renew.partner_id, 10, 10, contract_id=to_renew.id)
        finding.action_start()
        finding.check_ids.write({"result": "ok"})
        finding.write(
            {
                "findings": "<p>Drum bearing noisy on the second washer: to be replaced in "
                "the workshop.</p>",
                "no_signature_reason": "The caretaker let us in; the manager was away.",
            }
        )
        finding.action_finish()
        action = finding.action_open_ticket()
        self.env["after_sales.ticket"].with_user(technician).with_context(
            **action["context"]
        ).create({"name": "Noisy drum bearing found on the maintenance visit"})

        unsigned = visit(ref("base.res_partner_4"), 6, 14, purpose="inspection")
        unsigned.action_start()
        unsigned.write({"no_signature_reason": "Customer on the phone, will sign the report."})
        unsigned.action_finish()

        visit(ref("base.res_partner_2"), 5, 9, purpose="inspection")
        visit(ref("base.res_partner_1"), 2, 15, purpose="inspection")
        self.env["after_sales.visit"]._cron_mark_missed()
        visit(ref("base.res_partner_12"), 4, 11, purpose="training").action_cancel()
        visit(ref("base.res_partner_3"), 0, 8, purpose="installation").action_start()
        visit(ref("base.res_partner_4"), 0, 14, purpose="maintenance", duration=1.5)

    def _hear_the_customers(self, technician):
        """Customers rated two solved requests (one happy, one not: its complaint
        opened by itself), one was called back, and the late technician's complaint
        has its analysis and treatment plan."""
        ref = self.env.ref
        for xmlid, rate, feedback in (
            ("after_sales.ticket_13", 5, "Quick and friendly, thank you."),
            ("after_sales.ticket_14", 1, "The technician came late and left a mess."),
        ):
            ticket = ref(xmlid)
            ticket.rating_apply(rate, token=ticket._rating_get_access_token(), feedback=feedback)
        ref("after_sales.ticket_11").with_user(technician).write(
            {
                "return_call_outcome": "satisfied",
                "return_call_note": "The new staff use the machines with confidence.",
            }
        )
        late = ref("after_sales.ticket_07")
        late.write(
            {
                "complaint_user_id": technician.id,
                "complaint_justified": True,
                "complaint_plan": "<p>The route planner booked two visits at the same hour. "
                "Visits are now checked for double bookings; the customer gets a call "
                "when a technician runs late.</p>",
            }
        )
        late.action_submit_complaint_plan()

    def _serve_the_portal_customer(self, technician):
        """Joel Willis (login portal / portal) sees on the portal his air
        conditioner's warranty card, the request he made online, and the on-site job
        whose voucher he signed, paying the technician in cash."""
        ref = self.env.ref
        joel = ref("base.partner_demo_portal")
        unit = self.env["stock.lot"].create(
            {"name": "AC1200-0900", "product_id": ref("after_sales.product_air_conditioner").id}
        )
        card = self.env["after_sales.warranty.card"].create(
            {
                "partner_id": joel.id,
                "product_id": unit.product_id.id,
                "lot_id": unit.id,
                "policy_id": ref("after_sales.warranty_policy_standard").id,
                "start_date": fields.Date.today() - relativedelta(months=14),
            }
        )
        card.action_activate()
        Ticket = self.env["after_sales.ticket"]
        Ticket.create(
            {
                "name": "The remote control lost its pairing",
                "partner_id": joel.id,
                "channel": "portal",
                "lot_id": unit.id,
                "product_id": unit.product_id.id,
                "description": "<p>Since the power cut the remote no longer reaches the unit.</p>",
            }
        )
        job = Ticket.create(
            {
                "name": "Outdoor unit iced up",
                "partner_id": joel.id,
                "team_id": ref("after_sales.team_field_service").id,
                "user_id": technician.id,
                "lot_id": unit.id,
                "product_id": unit.product_id.id,
                "channel": "phone",
                "resolution": "<p>Defrost sensor cleaned and the unit defrosted.</p>",
            }
        )
        self.env["after_sales.labour.line"].with_user(technician).create(
            {"ticket_id": job.id, "hours": 1.0, "name": "Defrost and sensor cleaning"}
        )
        cash = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", job.company_id.id)], limit=1
        )
        job.with_user(technician).write(
            {
                "voucher_signature": self._signature(joel.name),
                "voucher_signed_by": joel.name,
                "voucher_payment_amount": 45.0 if cash else 0.0,
                "voucher_payment_journal_id": cash.id,
            }
        )
        job.with_user(technician).action_confirm_voucher()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @staticmethod
    def _signature(name):
        """A handwritten-looking signature of ``name`` (PNG, base64)."""
        image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        points = [(20 + step * 8, 70 + int(22 * math.sin(step / 2.2))) for step in range(40)]
        draw.line(points, fill=(20, 40, 120, 255), width=3)
        draw.text((24, 92), name, fill=(20, 40, 120, 255))
        output = io.BytesIO()
        image.save(output, format="PNG")
        return base64.b64encode(output.getvalue())

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
