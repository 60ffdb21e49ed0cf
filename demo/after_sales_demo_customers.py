"""The demo's story, continued: maintenance contracts, visits, and what customers
say (ratings, return calls, complaints, the portal customer)."""

import base64
import io
import math
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from PIL import Image, ImageDraw

from odoo import Command, fields, models


class AfterSalesDemo(models.AbstractModel):
    _inherit = "after_sales.demo"

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
        # the reports go out as the scheduled action triggered by finishing sends them
        self.env["after_sales.visit"]._cron_send_reports()

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
        conditioner's warranty card, the request he made online, the on-site job
        whose voucher he signed, paying the technician in cash, and one whose voucher
        waits for his signature."""
        ref = self.env.ref
        joel = ref("base.partner_demo_portal")
        unit = self.env["stock.lot"].create(
            {
                "name": self._serial("AC1200-0900"),
                "product_id": ref("after_sales.product_air_conditioner").id,
            }
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

        def finished_job(name, resolution, hours, work):
            """A phone job of Joel's unit, done by the technician, with its labour."""
            job = Ticket.create(
                {
                    "name": name,
                    "partner_id": joel.id,
                    "team_id": ref("after_sales.team_field_service").id,
                    "user_id": technician.id,
                    "lot_id": unit.id,
                    "product_id": unit.product_id.id,
                    "channel": "phone",
                    "resolution": resolution,
                }
            )
            self.env["after_sales.labour.line"].with_user(technician).create(
                {"ticket_id": job.id, "hours": hours, "name": work}
            )
            return job

        job = finished_job(
            "Outdoor unit iced up",
            "<p>Defrost sensor cleaned and the unit defrosted.</p>",
            1.0,
            "Defrost and sensor cleaning",
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
        self.env["after_sales.ticket"]._cron_send_signed_vouchers()  # as its scheduled action
        # and a job finished today whose voucher waits for his signature online
        to_sign = finished_job(
            "Indoor fan rattles",
            "<p>Fan blade re-seated and the housing screws tightened.</p>",
            0.5,
            "Fan blade re-seated",
        )
        to_sign.with_user(technician).action_send_voucher_for_signature()

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
