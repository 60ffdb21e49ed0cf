import io
import json
import re
from datetime import timedelta

from PIL import Image

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceRequestPortal(HttpCase):
    """A customer follows and makes service requests on the portal, and sees nobody
    else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = cls.env.company.email or "service@company.test"
        cls.customer = cls.env["res.partner"].create(
            {"name": "Portal Customer Co", "is_company": True, "email": "co@customer.test"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Pat Portal", "parent_id": cls.customer.id, "email": "pat@customer.test"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="portal_pat",
            password="portal_pat",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Other Customer Co", "is_company": True, "email": "other@customer.test"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Portal Air Conditioner", "is_storable": True, "tracking": "serial"}
        )
        policy = cls.env.ref("after_sales.warranty_policy_standard")
        cls.lot, cls.other_lot = cls.env["stock.lot"].create(
            [
                {"name": "PORTAL-OWN-1", "product_id": cls.product.id},
                {"name": "PORTAL-OTHER-1", "product_id": cls.product.id},
            ]
        )
        cls.card, cls.other_card = cls.env["after_sales.warranty.card"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_id": cls.product.id,
                    "lot_id": lot.id,
                    "policy_id": policy.id,
                }
                for partner, lot in ((cls.customer, cls.lot), (cls.other, cls.other_lot))
            ]
        )
        (cls.card | cls.other_card).action_activate()
        cls.ticket, cls.other_ticket = cls.env["after_sales.ticket"].create(
            [
                {"name": "Our unit rattles", "partner_id": cls.contact.id, "lot_id": cls.lot.id},
                {"name": "Their secret problem", "partner_id": cls.other.id},
            ]
        )

    def _json(self, url, **params):
        """A JSON-RPC call as the logged-in user; its decoded answer."""
        return self.url_open(
            url,
            data=json.dumps({"params": params}),
            headers={"Content-Type": "application/json"},
        ).json()

    def _form_csrf_token(self):
        form = self.url_open("/my/service-requests/new")
        return re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)

    @staticmethod
    def _png(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "red").save(buffer, "PNG")
        return buffer.getvalue()

    def test_search_by_serial_finds_only_their_own(self):
        """Portal users cannot read serial numbers, yet they search their requests by
        the serial on the label; another customer's request stays out of reach."""
        self.env["after_sales.ticket"].create(
            {
                "name": "Their unit rattles too",
                "partner_id": self.other.id,
                "lot_id": self.other_lot.id,
            }
        )
        self.authenticate("portal_pat", "portal_pat")
        found = self.url_open("/my/service-requests?search=portal-own")
        self.assertEqual(found.status_code, 200)
        self.assertIn("Our unit rattles", found.text)
        others = self.url_open("/my/service-requests?search=PORTAL-OTHER")
        self.assertEqual(others.status_code, 200)
        self.assertNotIn("Their unit rattles too", others.text)
        self.assertNotIn("Our unit rattles", others.text)

    def test_files_are_checked_by_their_content(self):
        """What the form accepts is decided by the file's content: damaged photos,
        programs, web pages and SVG drawings are refused with a clear sentence, the
        request is not created and what the customer typed is shown again."""
        self.authenticate("portal_pat", "portal_pat")
        Ticket = self.env["after_sales.ticket"]
        before = Ticket.search_count([])
        refused_files = {
            "broken.png": (b"\x89PNG\r\n\x1a\n" + self._png(50, 50)[8:40], "could not be read"),
            "setup.exe": (b"MZ\x90\x00" + b"\x00" * 200, "neither a photo"),
            "page.html": (b"<html><body><script>alert(1)</script></body></html>", "neither"),
            "logo.svg": (
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "neither a photo",
            ),
        }
        for name, (content, message) in refused_files.items():
            with self.subTest(file=name):
                response = self.url_open(
                    "/my/service-requests/submit",
                    data={
                        "csrf_token": self._form_csrf_token(),
                        "subject": "Noise from the fan",
                        "description": "It whistles at night",
                        "card_id": str(self.card.id),
                    },
                    files={"attachments": (name, content, "image/png")},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn(name, response.text)
                self.assertIn("Noise from the fan", response.text, "the subject kept")
                self.assertIn("It whistles at night", response.text, "the description kept")
        self.assertEqual(Ticket.search_count([]), before, "nothing created")
        accepted = self.url_open(
            "/my/service-requests/submit",
            data={
                "csrf_token": self._form_csrf_token(),
                "subject": "Noise from the fan",
                "card_id": str(self.card.id),
            },
            files={"attachments": ("invoice.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "x/y")},
        )
        ticket = Ticket.search([("name", "=", "Noise from the fan")])
        self.assertIn(f"/my/service-requests/{ticket.id}", accepted.url)
        self.assertEqual(ticket.message_ids.attachment_ids.mimetype, "application/pdf")

    def test_list_and_detail_only_of_their_own(self):
        self.authenticate("portal_pat", "portal_pat")
        home = self.url_open("/my")
        self.assertIn("Service Requests", home.text)
        listing = self.url_open("/my/service-requests")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.ticket.number, listing.text)
        self.assertIn("PORTAL-OWN-1", listing.text)
        self.assertNotIn(self.other_ticket.number, listing.text)
        grouped = self.url_open("/my/service-requests?groupby=stage&sortby=stage")
        self.assertIn(self.ticket.stage_id.name, grouped.text)

        repair = self.env["repair.order"].create(
            {
                "product_id": self.product.id,
                "lot_id": self.lot.id,
                "partner_id": self.customer.id,
                "after_sales_ticket_id": self.ticket.id,
            }
        )
        repair.action_create_sale_order()
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "after_sales_ticket_id": self.ticket.id,
                "invoice_line_ids": [Command.create({"name": "Diagnosis", "price_unit": 60.0})],
            }
        )
        invoice.action_post()
        page = self.url_open(f"/my/service-requests/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Our unit rattles", page.text)
        self.assertIn(repair.name, page.text)
        self.assertIn("Review and sign the quotation", page.text)
        self.assertIn(repair.sale_order_id.get_portal_url().split("?")[0], page.text)
        self.assertIn(invoice.name, page.text)
        self.assertIn("o_portal_chatter", page.text, "the conversation")

        for url in (
            f"/my/service-requests/{self.other_ticket.id}",
            f"/my/service-requests/{self.other_ticket.id}?access_token=guessed-token",
            "/my/service-requests/999999999",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("Their secret problem", response.text)

    def test_shared_link_opens_without_login(self):
        url = self.other_ticket.get_portal_url()
        self.assertIn("access_token=", url)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Their secret problem", page.text)
        self.assertEqual(
            self.url_open(f"/my/service-requests/{self.other_ticket.id}").status_code,
            404,
            "no token, no login: nothing",
        )

    def test_acknowledgement_links_to_the_request(self):
        ticket = self.env["after_sales.ticket"].create(
            {"name": "Please call me", "partner_id": self.contact.id}
        )
        self.env["after_sales.ticket"]._cron_send_acknowledgements()
        mail = self.env["mail.mail"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertIn(f"/my/service-requests/{ticket.id}?access_token=", mail.body_html)

    def test_new_request_from_the_portal(self):
        self.authenticate("portal_pat", "portal_pat")
        form = self.url_open("/my/service-requests/new")
        self.assertEqual(form.status_code, 200)
        self.assertIn("PORTAL-OWN-1", form.text, "their own units to pick from")
        self.assertRegex(
            form.text,
            rf'<option value="{self.card.id}" selected="[^"]+">',
            "their only unit is chosen for them",
        )
        self.assertNotIn("PORTAL-OTHER-1", form.text)
        Ticket = self.env["after_sales.ticket"]
        before = Ticket.search_count([])

        refused = self.url_open(
            "/my/service-requests/submit",
            data={
                "csrf_token": self._form_csrf_token(),
                "subject": "Not mine",
                "serial": "portal-other-1",
            },
        )
        self.assertIn("We find no unit with serial", refused.text)
        refused = self.url_open(
            "/my/service-requests/submit",
            data={
                "csrf_token": self._form_csrf_token(),
                "subject": "Not mine either",
                "card_id": str(self.other_card.id),
            },
        )
        self.assertIn("Choose one of your own units", refused.text)
        self.assertEqual(Ticket.search_count([]), before, "nothing created")

        response = self.url_open(
            "/my/service-requests/submit",
            data={
                "csrf_token": self._form_csrf_token(),
                "subject": "Water drips from the indoor unit",
                "card_id": str(self.card.id),
                "description": "Since yesterday <script>alert(1)</script>",
                "preferred_time": "Weekday mornings",
                "phone": "+32 2 555 00 11",
            },
            files={"attachments": ("drip.png", self._png(4000, 100), "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        ticket = Ticket.search([("name", "=", "Water drips from the indoor unit")])
        self.assertEqual(len(ticket), 1)
        self.assertIn(f"/my/service-requests/{ticket.id}", response.url)
        self.assertEqual(
            (ticket.partner_id, ticket.channel, ticket.lot_id, ticket.category),
            (self.contact, "portal", self.lot, "C"),
        )
        self.assertTrue(ticket.sla_policy_id, "an SLA as any ticket")
        self.assertNotIn("<script>", ticket.description, "what was typed is escaped")
        self.assertIn("Weekday mornings", ticket.description)
        photo = ticket.message_ids.attachment_ids.filtered(lambda a: a.name == "drip.png")
        self.assertEqual(photo.mimetype, "image/png")
        width, _height = Image.open(io.BytesIO(photo.raw)).size
        self.assertEqual(width, 1920, "photos are re-encoded, at most 1920 px a side")
        photo_message = ticket.message_ids.filtered(lambda m: photo in m.attachment_ids)
        self.assertEqual(photo_message.author_id, self.contact)
        self.assertEqual(photo_message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(photo_message.is_internal, "the customer sees their photo")
        self.assertIn("We have received your request", response.text)
        self.assertIn(ticket.number, response.text)
        # the customer's own conversation, as the portal's chatter loads it
        thread = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": ticket._name, "thread_id": ticket.id}
        )
        self.assertIn(photo_message.id, [m["id"] for m in thread["data"]["mail.message"]])
        self.assertIn(self.contact, ticket.message_partner_ids, "the customer follows it")
        self.assertTrue(ticket.acknowledgement_pending, "acknowledged as any request")
        self.env["after_sales.ticket"]._cron_send_acknowledgements()
        acknowledgement = self.env["mail.mail"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertIn(self.contact, acknowledgement.recipient_ids)

    def test_reply_from_the_portal_lands_in_the_chatter(self):
        self.authenticate("portal_pat", "portal_pat")
        response = self._json(
            "/mail/message/post",
            thread_model="after_sales.ticket",
            thread_id=self.ticket.id,
            post_data={"body": "It rattles louder now", "message_type": "comment"},
        )
        self.assertNotIn("error", response)
        message = self.ticket.message_ids.filtered(lambda m: "louder" in (m.body or ""))
        self.assertEqual(message.author_id, self.contact)

        upload = self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": self._form_csrf_token(),
                "thread_id": self.ticket.id,
                "thread_model": "after_sales.ticket",
                "is_pending": "true",
            },
            files={"ufile": ("noise.mp4", b"fake video", "video/mp4")},
        )
        attachment = upload.json()["data"]["ir.attachment"][0]
        posted = self._json(
            "/mail/message/post",
            thread_model="after_sales.ticket",
            thread_id=self.ticket.id,
            post_data={
                "body": "Here is the noise",
                "message_type": "comment",
                "attachment_ids": [attachment["id"]],
            },
            attachment_tokens=[attachment["access_token"]],
        )
        self.assertNotIn("error", posted)
        with_file = self.ticket.message_ids.filtered(lambda m: "the noise" in (m.body or ""))
        self.assertEqual(
            with_file.attachment_ids.name, "noise.mp4", "the file lands in the chatter"
        )

        denied = self._json(
            "/mail/message/post",
            thread_model="after_sales.ticket",
            thread_id=self.other_ticket.id,
            post_data={"body": "Let me in", "message_type": "comment"},
        )
        self.assertIn("error", denied)
        self.assertFalse(
            self.other_ticket.message_ids.filtered(lambda m: "Let me in" in (m.body or ""))
        )

    def test_cards_contracts_and_visits_of_their_own(self):
        contract, other_contract = self.env["after_sales.contract"].create(
            [
                {
                    "name": name,
                    "partner_id": partner.id,
                    "date_start": fields.Date.today() - timedelta(days=30),
                    "date_end": fields.Date.today() + timedelta(days=335),
                    "visits_per_year": 4,
                    "labour_included": True,
                    "line_ids": [Command.create({"product_id": self.product.id, "lot_id": lot.id})],
                }
                for name, partner, lot in (
                    ("Our cooling care", self.customer, self.lot),
                    ("Their cooling care", self.other, self.other_lot),
                )
            ]
        )
        (contract | other_contract).action_confirm()
        visit, other_visit = self.env["after_sales.visit"].create(
            [
                {
                    "partner_id": partner.id,
                    "date_start": fields.Datetime.now() - timedelta(days=7),
                    "contract_id": c.id,
                    "findings": "<p>Findings of the visit</p>",
                }
                for partner, c in ((self.customer, contract), (self.other, other_contract))
            ]
        )
        self.authenticate("portal_pat", "portal_pat")
        home = self.url_open("/my")
        for title in ("Warranty Cards", "Maintenance Contracts", "Visits"):
            self.assertIn(title, home.text)
        for url, own, others in (
            ("/my/warranty-cards", self.card.number, self.other_card.number),
            ("/my/contracts", "Our cooling care", "Their cooling care"),
            ("/my/visits", visit.number, other_visit.number),
        ):
            listing = self.url_open(url)
            self.assertEqual(listing.status_code, 200, url)
            self.assertIn(own, listing.text)
            self.assertNotIn(others, listing.text)

        card_page = self.url_open(self.card.access_url)
        self.assertIn("PORTAL-OWN-1", card_page.text)
        self.assertIn("Free repair until", card_page.text)
        self.assertIn("Our unit rattles", card_page.text, "its claims")
        # ended yesterday, the daily job not run yet: the customer already reads it ended
        self.card.write(
            {
                "start_date": fields.Date.today() - timedelta(days=400),
                "end_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self.assertEqual(self.card.state, "active")
        self.assertIn("The warranty has ended", self.url_open(self.card.access_url).text)
        self.assertIn("Expired", self.url_open("/my/warranty-cards").text)
        self.card.end_date = fields.Date.today()
        self.assertIn("Free repair until", self.url_open(self.card.access_url).text, "last day")
        pdf = self.url_open(f"{self.card.access_url}?report_type=pdf&download=true")
        self.assertEqual(pdf.status_code, 200, pdf.text[-3000:])
        contract_page = self.url_open(contract.access_url)
        self.assertIn("PORTAL-OWN-1", contract_page.text, "covered equipment")
        self.assertIn("included", contract_page.text)
        self.assertIn(visit.number, self.url_open(visit.access_url).text)

        for record in (self.other_card, other_contract, other_visit):
            for url in (record.access_url, f"{record.access_url}?access_token=wrong"):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, url)
            self.assertEqual(self.url_open(f"{record.access_url}?report_type=pdf").status_code, 404)
