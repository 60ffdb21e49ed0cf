from datetime import datetime, time, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestServiceDesk(ServiceJobCase):
    """The service desk's daily details: serials we did not sell, the board's quick
    create, dates and units people read, and the small things users notice."""

    def test_serial_we_did_not_sell_is_created_and_repaired(self):
        lots = self.env["stock.lot"].with_user(self.technician)
        with self.assertRaisesRegex(UserError, "Choose the product first"):
            lots.with_context(after_sales_serial_entry=True).name_create("BOUGHT-ELSEWHERE-1")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "BOUGHT-ELSEWHERE-1")]))
        lot_id, _name = lots.with_context(
            after_sales_serial_entry=True, default_product_id=self.serial_product.id
        ).name_create("BOUGHT-ELSEWHERE-1")
        lot = self.env["stock.lot"].browse(lot_id)
        self.assertEqual(lot.product_id, self.serial_product)

        ticket = self._create_ticket(
            product_id=self.serial_product.id, lot_id=lot.id, user_id=self.technician.id
        )
        self.assertEqual(ticket.category, "A", "no card: the customer pays")
        as_technician = ticket.with_user(self.technician)
        receipt = self.env["stock.picking"].browse(as_technician.action_receive_product()["res_id"])
        receipt.with_user(self.warehouse_user).button_validate()
        self.assertEqual(receipt.state, "done")
        action = as_technician.action_create_repair()
        repair = (
            self.env["repair.order"].with_user(self.technician).with_context(**action["context"])
        ).create({})
        self.assertEqual(repair.lot_id, lot)
        self.assertIs(repair.action_validate(), True, "confirmed without a stock warning")
        self.assertEqual(repair.state, "confirmed")

    def test_quick_create_takes_the_unit_and_shows_its_warranty(self):
        covered_lot = self._lots(self.serial_product, 1, prefix="QC-OK")
        card = self._manual_card(product_id=self.serial_product.id, lot_id=covered_lot.id)
        card.action_activate()
        env = self.env(user=self.technician, context={"default_team_id": self.team.id})
        form = Form(
            env["after_sales.ticket"], view="after_sales.view_after_sales_ticket_form_quick_create"
        )
        form.name = "Makes a grinding noise"
        form.partner_id = self.customer
        form.product_id = self.serial_product
        form.lot_id = covered_lot
        self.assertEqual(form.warranty_card_id, card, "the warranty shows at once")
        self.assertTrue(form.under_warranty)
        self.assertEqual(form.warranty_end_date, card.end_date)
        ticket = form.save()
        self.assertEqual((ticket.category, ticket.lot_id), ("C", covered_lot))

        form = Form(
            env["after_sales.ticket"], view="after_sales.view_after_sales_ticket_form_quick_create"
        )
        form.name = "Unknown unit"
        form.partner_id = self.customer
        form.product_id = self.serial_product
        self.assertFalse(form.warranty_card_id)
        self.assertFalse(form.under_warranty)

    def test_targets_dates_and_timezones_read_as_people_say_them(self):
        policy = self.env["after_sales.sla.policy"].create(
            {"name": "Hotline", "response_hours": 1.5, "resolution_hours": 0}
        )
        self.assertEqual(
            (policy.response_target, policy.resolution_target), ("1 h 30 min", "no target")
        )
        policy.write({"response_hours": 4, "resolution_hours": 0.5})
        self.assertEqual((policy.response_target, policy.resolution_target), ("4 h", "30 min"))
        policy.write({"time_basis": "calendar", "response_hours": 24, "resolution_hours": 720})
        self.assertEqual((policy.response_target, policy.resolution_target), ("1 day", "30 days"))

        self.env["res.lang"]._activate_lang("en_US").date_format = "%d/%m/%Y"
        lot = self._lots(self.serial_product, 1, prefix="OLD")
        card = self._manual_card(product_id=self.serial_product.id, lot_id=lot.id)
        card.action_activate()
        card.sudo().write({"start_date": "2020-01-10", "end_date": "2021-01-10"})
        check = (
            self.env["after_sales.warranty.check"]
            .with_user(self.technician)
            .create({"serial": lot.name})
        )
        self.assertIn("10/01/2021", check.summary, "the user's date format")
        self.assertNotIn("2021-01-10", check.summary)

        self.customer.tz = "Europe/Madrid"
        ticket = self._create_ticket(name="Clock test")
        self.assertEqual(ticket.customer_tz, "Europe/Madrid")
        template = self.env.ref("after_sales.mail_template_ticket_received")
        body = template._render_field("body_html", ticket.ids)[ticket.id]
        local = fields.Datetime.context_timestamp(
            ticket.with_context(tz="Europe/Madrid"), ticket.response_deadline
        )
        self.assertIn(local.strftime("%H:%M"), body, "the customer's local time")
        self.assertIn("Europe/Madrid", body, "with its zone")

    def test_a_deadline_is_red_only_once_it_passed(self):
        self.env["after_sales.sla.policy"].create(
            {
                "name": "Workshop: 1 h answer, 40 h fix",
                "team_id": self.team.id,
                "response_hours": 1,
                "resolution_hours": 40,
            }
        )
        # opened this week's Monday at 8:00 and looked at four hours later: the 1 h
        # answer failed, the fix is due on Friday at 17:00
        today = fields.Date.today()
        opened = datetime.combine(today - timedelta(days=today.weekday()), time(8, 0))
        with freeze_time(opened + timedelta(hours=4)):
            ticket = self._create_ticket(name="Deadline test", date_open=opened)
            self.assertEqual(ticket.response_status, "failed", "answered too late")
            self.assertTrue(ticket.sla_failed)
            self.assertEqual(ticket.resolution_deadline, opened + timedelta(days=4, hours=9))
            self.assertEqual(ticket.sla_deadline, ticket.resolution_deadline, "the next deadline")
        with freeze_time(ticket.resolution_deadline - timedelta(hours=1)):
            ticket.invalidate_recordset(["sla_deadline_passed"])
            self.assertFalse(ticket.sla_deadline_passed, "not red: this deadline has not failed")
        with freeze_time(ticket.resolution_deadline + timedelta(hours=1)):
            ticket.invalidate_recordset(["sla_deadline_passed"])
            self.assertTrue(ticket.sla_deadline_passed, "red once it passed")
            ticket.stage_id = self.env.ref("after_sales.stage_waiting_customer")
            ticket.invalidate_recordset(["sla_deadline_passed"])
            self.assertFalse(ticket.sla_deadline_passed, "a paused clock is not late")

    def test_small_things(self):
        check = self.env["after_sales.warranty.check"].with_user(self.technician).create({})
        self.assertNotIn("No warranty card found", check.summary, "nothing typed yet")
        self.assertIn("Type the serial number", check.summary)

        ticket = self._ticket(prefix="SMALL")
        repair = self._repair(ticket, parts=[(self.filter, 1, False)])
        action = repair.with_user(self.advisor).action_send_estimate()
        self.assertIn("Send Estimate", action["name"], "the composer has a title")

        invoices = self.env.ref("after_sales.action_after_sales_invoices")
        list_view = next(view for view, mode in invoices.views if mode == "list")
        arch = etree.fromstring(
            self.env["account.move"].with_user(self.accountant).get_view(list_view, "list")["arch"]
        )
        self.assertFalse(arch.get("js_class"), "no Upload button")
        self.assertEqual(arch.get("create"), "0")
        self.assertFalse(safe_eval(invoices.context).get("create"))

    def test_list_headers_are_short_enough_to_read(self):
        views = (
            self.env["ir.ui.view"]
            .browse(
                self.env["ir.model.data"]
                .search([("module", "=", "after_sales"), ("model", "=", "ir.ui.view")])
                .mapped("res_id")
            )
            .filtered(lambda view: view.type == "list")
        )
        self.assertTrue(views)
        long_headers = []
        for view in views:
            model = self.env[view.model]
            arch = etree.fromstring(model.get_view(view.id, "list")["arch"])
            for node in arch.iterchildren("field"):
                if node.get("column_invisible") in ("True", "1") or node.get("optional") == "hide":
                    continue
                label = node.get("string") or model._fields[node.get("name")].string
                if len(label) > 15:
                    long_headers.append(f"{view.name}: {label}")
        self.assertEqual(long_headers, [], "headers that would be cut off")

    def test_documents_carry_the_company_in_their_body(self):
        self.company.write(
            {
                "street": "Calle del Taller 7",
                "city": "Valencia",
                "phone": "+34 960 000 000",
                "paperformat_id": self.env.ref("base.paperformat_euro").id,
            }
        )
        ticket = self._ticket(covered=True, prefix="DOC")
        receipt = self.env["stock.picking"].browse(
            ticket.with_user(self.technician).action_receive_product()["res_id"]
        )
        repair = self._repair(ticket)
        reports = self.env["ir.actions.report"].with_user(self.technician)
        for report_name, record in (
            ("after_sales.report_pickup_receipt", receipt),
            ("after_sales.report_repair_card", repair),
            ("after_sales.report_warranty_card", ticket.warranty_card_id),
        ):
            html = reports._render_qweb_html(report_name, record.ids)[0].decode()
            body = html[html.index('class="article"') :]
            for text in (self.company.name, "Calle del Taller 7", "Valencia", "+34 960 000 000"):
                self.assertIn(text, body, f"{report_name}: the company in the document's body")
            report = reports._get_report(report_name)
            self.assertEqual(report.get_paperformat().format, "A4")
            self.assertLessEqual(report.get_paperformat().margin_top, 15, "no empty header band")
        self.company.paperformat_id = self.env.ref("base.paperformat_us")
        report = reports._get_report("after_sales.report_repair_card")
        self.assertEqual(report.get_paperformat().format, "Letter", "the company's paper size")
        pdf, _type = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            "after_sales.report_repair_card", repair.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf printed it")
