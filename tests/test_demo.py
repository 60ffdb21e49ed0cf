import logging
from datetime import timedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo data tells the whole story, made through the real flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_loaded = bool(cls.env.ref("after_sales.ticket_01", raise_if_not_found=False))

    def setUp(self):
        super().setUp()
        if not self.demo_loaded:
            _logger.warning("TestDemoStory skipped: the database was installed without demo data")
            self.skipTest("the database was installed without demo data")

    def test_cards_issued_by_real_deliveries(self):
        cards = self.env["after_sales.warranty.card"].search(
            [("picking_id.picking_type_code", "=", "outgoing"), ("state", "=", "active")]
        )
        # the story is told relative to the day it was played (the database's install),
        # which may be days before the suite runs (make test-dates moves the clock)
        today = min(cards.mapped("create_date")).date()
        self.assertTrue(cards.filtered(lambda c: c.refund_until >= today), "in its refund window")
        self.assertTrue(
            cards.filtered(lambda c: c.refund_until < today <= c.replace_until),
            "in its replacement window",
        )
        self.assertTrue(
            cards.filtered(lambda c: today <= c.end_date <= today + timedelta(days=30)),
            "about to expire",
        )
        self.assertTrue(all(card.sale_line_id for card in cards), "sold through sale orders")

    def test_every_headline_feature_has_rows(self):
        tickets = self.env["after_sales.ticket"]
        self.assertTrue(tickets.search([("guarantee_state", "=", "to_approve")]))
        in_workshop = tickets.search([]).filtered("goods_in_workshop")
        self.assertIn("under_repair", in_workshop.repair_ids.mapped("state"))

        paid = self.env.ref("after_sales.repair_door_seal")
        self.assertEqual(paid.state, "done")
        self.assertEqual(paid.sale_order_id.invoice_ids.payment_state, "partial")

        warranty = self.env.ref("after_sales.repair_drum_bearing")
        self.assertEqual(warranty.state, "done")
        expense = self.env.ref("base.main_company").after_sales_warranty_expense_account_id
        self.assertTrue(expense)
        self.assertTrue(
            self.env["account.move.line"].search_count([("account_id", "=", expense.id)]),
            "the warranty part is expensed",
        )

        onsite = self.env["stock.picking"].search([("after_sales_goods_flow", "=", "parts")])
        self.assertTrue(onsite.after_sales_ticket_id and onsite.after_sales_visit_id)
        self.assertEqual(set(onsite.mapped("picking_type_code")), {"internal"}, "not a delivery")
        self.assertLessEqual(
            onsite.location_id,
            self.env["res.users"].search([]).after_sales_van_location_id
            | self.env.ref("after_sales.team_field_service").van_location_id,
            "taken from a van",
        )

    def test_contracts_in_every_state(self):
        contracts = self.env["after_sales.contract"].search([])
        self.assertEqual(
            set(contracts.mapped("state")) & {"running", "to_renew", "expired"},
            {"running", "to_renew", "expired"},
        )
        running = contracts.filtered(lambda c: c.state == "running")
        self.assertTrue(running.invoice_ids, "its fees are billed")

    def test_visits_in_every_state(self):
        visits = self.env["after_sales.visit"].search([])
        self.assertGreaterEqual(len(visits), 10)
        self.assertEqual(
            set(visits.mapped("state")), {"planned", "in_progress", "done", "missed", "cancelled"}
        )
        signed = visits.filtered("signature")
        self.assertEqual(len(signed), 1, "one signed report")
        self.assertTrue(signed.parts_move_ids and signed.labour_line_ids, "with parts and labour")
        self.assertTrue(
            signed.message_ids.attachment_ids.filtered(lambda a: a.mimetype == "application/pdf"),
            "its report is kept with it",
        )
        self.assertTrue(visits.ticket_ids, "a finding opened a ticket")
        self.assertTrue(visits.filtered(lambda v: v.state == "missed").activity_ids)
        plans = self.env["after_sales.visit.plan"].search([("contract_id", "=", False)])
        self.assertEqual(
            {plan.partner_id.after_sales_class: plan.interval for plan in plans},
            {"A": 1, "B": 3, "C": 6},
            "key customers visited as their class says",
        )

    def test_every_menu_opens_on_rows(self):
        root = self.env.ref("after_sales.menu_after_sales_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)]) | self.env.ref(
            "after_sales.menu_after_sales_invoices"
        )
        empty = []
        for menu in menus.filtered(
            lambda m: m.action and m.action._name == "ir.actions.act_window"
        ):
            action = menu.action
            if action.res_model in ("res.config.settings", "after_sales.warranty.check") or (
                action.target == "new"
            ):
                continue
            # a personal menu (My Day) as the demo technician sees it
            technician = self.env.ref("base.user_demo")
            domain = safe_eval(action.domain or "[]", {"uid": technician.id})
            if not self.env[action.res_model].with_user(technician).sudo().search_count(domain):
                empty.append(menu.complete_name)
        self.assertEqual(empty, [], "menus that open on nothing")

    def test_portal_customer_and_what_customers_said(self):
        joel = self.env.ref("base.partner_demo_portal")
        tickets = self.env["after_sales.ticket"].search([("partner_id", "=", joel.id)])
        self.assertIn("portal", tickets.mapped("channel"))
        signed = tickets.filtered("voucher_signed_on")
        self.assertTrue(signed, "a signed voucher")
        waiting = tickets.filtered(lambda t: t.voucher_sent_on and not t.voucher_signed_on)
        self.assertTrue(waiting.voucher_signable, "a voucher waiting for his signature online")
        self.assertTrue(
            self.env["after_sales.warranty.card"].search([("partner_id", "=", joel.id)])
        )
        ratings = self.env["rating.rating"].search(
            [("res_model", "=", "after_sales.ticket"), ("consumed", "=", True)]
        )
        self.assertLessEqual({"top", "ko"}, set(ratings.mapped("rating_text")), "happy and not")
        complaints = self.env["after_sales.ticket"].search([("ticket_type", "=", "complaint")])
        self.assertTrue(complaints.filtered("complaint_origin_id"), "one opened by a rating")
        self.assertTrue(complaints.filtered("complaint_plan_date"), "one with its plan")
        self.assertTrue(
            self.env["after_sales.ticket"].search([("return_call_outcome", "!=", False)])
        )
