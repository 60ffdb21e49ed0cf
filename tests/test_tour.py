import re

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.signatures import is_blank_signature


@tagged("post_install", "-at_install")
class TestTicketBoardTour(HttpCase):
    """The service manager works the board and a ticket in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            password="tour_manager",
            groups="base.group_user,after_sales.group_after_sales_manager,"
            "sales_team.group_sale_salesman",
            name="Tour Manager",
        )
        cls.team = cls.env["after_sales.team"].create(
            {
                "name": "Tour Workshop",
                "leader_id": cls.manager.id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )

    def test_move_ticket_on_board(self):
        ticket = self.env["after_sales.ticket"].create(
            {"name": "Tour: fridge door rattles", "team_id": self.team.id}
        )
        self.assertEqual(ticket.stage_id, self.env.ref("after_sales.stage_new"))
        self.start_tour(
            "/odoo/after-sales-tickets", "after_sales_ticket_board", login="tour_manager"
        )
        self.assertEqual(ticket.stage_id, self.env.ref("after_sales.stage_in_progress"))
        self.assertTrue(ticket.response_date, "leaving the first stage is the first response")

    def test_guarantee_and_repair_from_the_ticket(self):
        customer = self.env["res.partner"].create({"name": "Tour Customer"})
        product = self.env["product.product"].create(
            {"name": "Tour Fridge", "is_storable": True, "tracking": "serial"}
        )
        lot = self.env["stock.lot"].create({"name": "FR-TOUR-1", "product_id": product.id})
        card = self.env["after_sales.warranty.card"].create(
            {
                "partner_id": customer.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "policy_id": self.env.ref("after_sales.warranty_policy_standard").id,
            }
        )
        card.action_activate()
        ticket = self.env["after_sales.ticket"].create(
            {
                "name": "Tour: fridge not cooling",
                "team_id": self.team.id,
                "partner_id": customer.id,
                "lot_id": lot.id,
            }
        )
        self.assertEqual(ticket.warranty_card_id, card)
        self.start_tour(
            f"/odoo/after-sales-tickets/{ticket.id}",
            "after_sales_guarantee_repair",
            login="tour_manager",
        )
        self.assertEqual(ticket.guarantee_state, "done")
        self.assertEqual(ticket.guarantee_resolution, "repair")
        self.assertEqual(ticket.guarantee_approved_by_id, self.manager)
        repair = ticket.repair_ids
        self.assertEqual(len(repair), 1)
        self.assertEqual((repair.partner_id, repair.lot_id), (customer, lot))
        self.assertTrue(repair.under_warranty)


@tagged("post_install", "-at_install")
class TestWorkshopTour(HttpCase):
    """A technician takes a unit through the workshop in the browser."""

    def test_workshop_path(self):
        technician = new_test_user(
            self.env,
            login="tour_technician",
            password="tour_technician",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Tour Technician",
        )
        team = self.env["after_sales.team"].create(
            {"name": "Tour Bench", "member_ids": [Command.link(technician.id)]}
        )
        customer = self.env["res.partner"].create({"name": "Tour Washer Owner"})
        washer = self.env["product.product"].create(
            {"name": "Tour Washer", "is_storable": True, "tracking": "serial"}
        )
        seal = self.env["product.product"].create({"name": "Tour Door Seal", "is_storable": True})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(seal, warehouse.lot_stock_id, 5)
        lot = self.env["stock.lot"].create({"name": "WASH-TOUR-1", "product_id": washer.id})
        self.env["after_sales.warranty.card"].create(
            {
                "partner_id": customer.id,
                "product_id": washer.id,
                "lot_id": lot.id,
                "policy_id": self.env.ref("after_sales.warranty_policy_standard").id,
            }
        ).action_activate()
        ticket = self.env["after_sales.ticket"].create(
            {
                "name": "Tour: washer leaks",
                "team_id": team.id,
                "partner_id": customer.id,
                "lot_id": lot.id,
            }
        )
        self.assertEqual(ticket.category, "C")
        self.start_tour(
            f"/odoo/after-sales-tickets/{ticket.id}",
            "after_sales_workshop",
            login="tour_technician",
        )
        self.assertEqual(ticket.stage_id, self.env.ref("after_sales.stage_solved"))
        self.assertEqual(ticket.user_id, technician, "whoever did the work holds the ticket")
        repair = ticket.repair_ids
        self.assertEqual(repair.state, "done")
        self.assertEqual(repair.labour_hours, 1.5)
        self.assertEqual(repair.move_ids.product_id, seal)
        self.assertFalse(ticket.goods_in_workshop)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(seal, warehouse.lot_stock_id), 4.0
        )
        trail = " ".join(ticket.message_ids.mapped("body"))
        for milestone in ("Unit received", "created", "started", "done", "Unit returned"):
            self.assertIn(milestone, trail)


@tagged("post_install", "-at_install")
class TestVisitTour(HttpCase):
    """A technician opens today's visit, ticks the checklist, gets it signed, finishes."""

    def test_todays_visit_signed_and_finished(self):
        technician = new_test_user(
            self.env,
            login="tour_visit_technician",
            password="tour_visit_technician",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Tour Visit Technician",
            tz="UTC",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Visit Customer", "email": "visit.customer@example.com"}
        )
        self.env.company.email = self.env.company.email or "service@company.test"
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": customer.id,
                "site_partner_id": customer.id,
                "user_id": technician.id,
                "date_start": start,
                "purpose": "maintenance",
            }
        )
        self.assertTrue(visit.check_ids, "the maintenance checklist")
        self.start_tour(
            "/odoo/action-after_sales.action_after_sales_visit_my_today",
            "after_sales_visit_today",
            login="tour_visit_technician",
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.signed_by, "Tour Signer")
        self.assertTrue(visit.signature and visit.signed_on)
        self.assertEqual(visit.check_ids.sorted("sequence")[0].result, "ok")
        self.env["after_sales.visit"]._cron_send_reports()  # triggered by Finish
        report = visit.message_ids.filtered(lambda message: customer in message.partner_ids)
        self.assertTrue(report.attachment_ids, "the signed report went to the customer")


@tagged("post_install", "-at_install")
class TestTechniciansDayOnAPhone(HttpCase):
    """On a 390 px phone, a technician opens the app on My Day, starts today's visit,
    ticks the checklist, takes a part from the van, records labour, has the customer
    draw a signature and finishes: everything lands on the visit and the van."""

    browser_size = "390x844"
    touch_enabled = True

    def test_visit_from_my_day_to_finished(self):
        technician = new_test_user(
            self.env,
            login="tour_day_technician",
            password="tour_day_technician",
            groups="base.group_user,after_sales.group_after_sales_user,stock.group_stock_user",
            name="Tour Day Technician",
            tz="UTC",
        )
        van = self.env["stock.location"].create(
            {
                "name": "Tour Day Van",
                "usage": "internal",
                "location_id": self.env.ref("stock.stock_location_locations").id,
            }
        )
        technician.after_sales_van_location_id = van
        part = self.env["product.product"].create(
            {"name": "Tour Filter", "is_storable": True, "standard_price": 4.0}
        )
        self.env["stock.quant"]._update_available_quantity(part, van, 3)
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Day Customer",
                "email": "day.customer@example.com",
                "phone": "+34 600 000 111",
                "street": "Calle Mayor 1",
                "city": "Madrid",
            }
        )
        self.env.company.email = self.env.company.email or "service@company.test"
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": customer.id,
                "site_partner_id": customer.id,
                "user_id": technician.id,
                "date_start": fields.Datetime.now().replace(minute=0, second=0, microsecond=0),
                "purpose": "maintenance",
            }
        )
        self.assertTrue(visit.check_ids, "the maintenance checklist")
        self.start_tour(
            "/odoo/action-after_sales.action_after_sales_home",
            "after_sales_my_day_phone",
            login="tour_day_technician",
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.signed_by, "Tour Day Signer")
        self.assertFalse(is_blank_signature(visit.signature), "a drawn signature")
        self.assertEqual(visit.check_ids.sorted("sequence")[0].result, "ok")
        self.assertEqual(visit.parts_move_ids.product_id, part)
        self.assertEqual(visit.parts_move_ids.location_id, van, "taken from the van")
        self.assertEqual(part.with_context(location=van.id).qty_available, 2)
        self.assertEqual(visit.labour_line_ids.mapped("hours"), [0.75])
        self.assertEqual(visit.labour_line_ids.user_id, technician)


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    """A customer logs in to the portal, makes a request and finds it listed."""

    def test_new_request_from_the_portal(self):
        customer = self.env["res.partner"].create({"name": "Tour Portal Co", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Tour Portal Contact", "parent_id": customer.id, "email": "tour@portal.test"}
        )
        new_test_user(
            self.env,
            login="portal_tour",
            password="portal_tour",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        product = self.env["product.product"].create(
            {"name": "Tour Portal Unit", "is_storable": True, "tracking": "serial"}
        )
        lot = self.env["stock.lot"].create({"name": "PORTAL-TOUR-1", "product_id": product.id})
        self.env["after_sales.warranty.card"].create(
            {
                "partner_id": customer.id,
                "product_id": product.id,
                "lot_id": lot.id,
                "policy_id": self.env.ref("after_sales.warranty_policy_standard").id,
            }
        ).action_activate()
        self.env["after_sales.ticket"].create({"name": "Earlier request", "partner_id": contact.id})
        self.start_tour("/my", "after_sales_portal_request", login="portal_tour")
        ticket = self.env["after_sales.ticket"].search([("name", "=", "Tour: the unit is noisy")])
        self.assertEqual(
            (ticket.channel, ticket.lot_id, ticket.partner_id), ("portal", lot, contact)
        )
        self.assertEqual(ticket.category, "C", "under the card's warranty")


@tagged("post_install", "-at_install")
class TestVoucherSignedInTheBrowser(HttpCase):
    """The customer opens the mail's link and signs the service voucher by drawing,
    through Odoo's portal signature in its dialog, on a phone and on a desktop."""

    def _voucher_to_sign(self, name):
        customer = self.env["res.partner"].create({"name": name, "email": "signer@tour.test"})
        self.env.company.email = self.env.company.email or "service@company.test"
        labour = self.env.company.after_sales_labour_product_id or self.env[
            "product.product"
        ].create({"name": "Tour labour (hour)", "type": "service", "list_price": 40.0})
        self.env.company.after_sales_labour_product_id = labour
        technician = new_test_user(
            self.env,
            login=f"tour_voucher_{customer.id}",
            groups="base.group_user,after_sales.group_after_sales_user",
            email="tech@tour.test",
        )
        ticket = self.env["after_sales.ticket"].create(
            {
                "name": "Tour: fan noise",
                "partner_id": customer.id,
                "user_id": technician.id,
                "team_id": False,
            }
        )
        self.env["after_sales.labour.line"].with_user(technician).create(
            {"ticket_id": ticket.id, "hours": 1.0, "name": "Fan bearing greased"}
        )
        ticket.with_user(technician).action_send_voucher_for_signature()
        mail = ticket.message_ids.filtered(lambda m: "please sign" in (m.subject or ""))
        link = re.search(r'href="[^"]*(/my/service-requests/[^"#]+)', mail.body).group(1)
        return ticket, link.replace("&amp;", "&")

    def _sign_in_the_browser(self, size):
        self.browser_size = size
        ticket, link = self._voucher_to_sign(f"Tour Signer {size}")
        self.start_tour(link, "after_sales_voucher_sign")  # the mail's link, no login
        self.assertTrue(ticket.voucher_signed_on)
        self.assertFalse(is_blank_signature(ticket.voucher_signature), "a drawn signature")
        self.env["after_sales.ticket"]._cron_send_signed_vouchers()
        self.assertTrue(
            ticket.message_ids.attachment_ids.filtered(
                lambda a: a.name.startswith("Service Voucher")
            ),
            "the signed copy kept and mailed",
        )

    def test_signed_on_a_phone(self):
        self.touch_enabled = True
        self._sign_in_the_browser("390x844")

    def test_signed_on_a_desktop(self):
        self._sign_in_the_browser("1366x768")
