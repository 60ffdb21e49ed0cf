import logging
from datetime import timedelta

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import WarrantyCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestWarranty(WarrantyCase):
    def test_serial_delivery_creates_one_card_per_serial(self):
        lots = self._lots(self.serial_product, 3)
        picking = self._validate(self._delivery([(self.serial_product, 3, lots)]))
        cards = picking.warranty_card_ids
        self.assertEqual(len(cards), 3)
        self.assertEqual(cards.lot_id, lots)
        self.assertEqual(set(cards.mapped("state")), {"active"})
        self.assertEqual(set(cards.mapped("quantity")), {1.0})
        self.assertEqual(cards.partner_id, self.customer)
        self.assertEqual(cards.policy_id, self.standard_policy, "the parent category's policy")
        start = fields.Date.context_today(picking, picking.date_done)
        card = cards[0]
        self.assertEqual(card.start_date, start)
        self.assertEqual(card.end_date, start + relativedelta(months=12))
        self.assertEqual(card.refund_until, start + timedelta(days=7))
        self.assertEqual(card.replace_until, start + timedelta(days=15))
        self.assertRegex(card.number, r"^WC/\d{4}/\d{5}$")
        self.assertEqual(picking.warranty_card_count, 3)
        action = picking.action_view_warranty_cards()
        self.assertEqual(self.env["after_sales.warranty.card"].search(action["domain"]), cards)

    def test_lot_and_untracked_products_one_card_per_move_line(self):
        lot = self._lots(self.lot_product, 1, prefix="OIL")
        picking = self._validate(
            self._delivery(
                [
                    (self.lot_product, 5, lot),
                    (self.untracked_product, 2, self.env["stock.lot"]),
                    (self.no_policy_product, 4, self.env["stock.lot"]),
                ]
            )
        )
        cards = picking.warranty_card_ids
        self.assertEqual(len(cards), 2, "no card for a product without policy")
        lot_card = cards.filtered(lambda card: card.product_id == self.lot_product)
        self.assertEqual(lot_card.lot_id, lot)
        self.assertEqual(lot_card.quantity, 5)
        untracked_card = cards.filtered(lambda card: card.product_id == self.untracked_product)
        self.assertFalse(untracked_card.lot_id)
        self.assertEqual(untracked_card.quantity, 2)

    def test_product_policy_overrides_category(self):
        self.serial_product.warranty_policy_id = self.long_policy
        lots = self._lots(self.serial_product, 1)
        card = self._validate(self._delivery([(self.serial_product, 1, lots)])).warranty_card_ids
        self.assertEqual(card.policy_id, self.long_policy)
        self.assertEqual(card.end_date, card.start_date + relativedelta(months=24))
        self.assertEqual(card.refund_until, card.start_date, "no refund window")

    def test_backorder_and_revalidation_never_duplicate(self):
        lots = self._lots(self.serial_product, 3)
        picking = self._delivery([(self.serial_product, 3, lots[:2])])
        self._validate(picking, backorder=True)
        self.assertEqual(len(picking.warranty_card_ids), 2)
        backorder = picking.backorder_ids
        self.assertEqual(len(backorder), 1)
        backorder.move_ids.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": self.serial_product.id,
                    "lot_id": lots[2].id,
                    "quantity": 1,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "picking_id": backorder.id,
                }
            )
        ]
        backorder.move_ids.picked = True
        self._validate(backorder)
        cards = self.env["after_sales.warranty.card"].search([("lot_id", "in", lots.ids)])
        self.assertEqual(len(cards), 3)
        self.assertFalse((picking | backorder)._create_warranty_cards(), "validated twice")
        self.assertEqual(
            self.env["after_sales.warranty.card"].search_count([("lot_id", "in", lots.ids)]), 3
        )

    def test_second_card_for_a_serial_refused(self):
        lots = self._lots(self.serial_product, 1)
        card = self._validate(self._delivery([(self.serial_product, 1, lots)])).warranty_card_ids
        cards = self.env["after_sales.warranty.card"]
        with self.assertRaises(ValidationError) as error:
            cards.create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.serial_product.id,
                    "lot_id": lots.id,
                    "policy_id": self.standard_policy.id,
                }
            )
        self.assertIn(card.number, str(error.exception))
        self.assertEqual(cards.search_count([("lot_id", "=", lots.id)]), 1)

        # the database refuses it too, whatever the ORM does
        card.action_void()
        replacement = cards.create(
            {
                "partner_id": self.customer.id,
                "product_id": self.serial_product.id,
                "lot_id": lots.id,
                "policy_id": self.standard_policy.id,
                "state": "active",
            }
        )
        self.assertEqual(replacement.state, "active", "a void card frees its serial")
        with self.assertRaises(ValidationError):
            card.state = "active"
        self.assertEqual(card.state, "void")
        self.env.flush_all()
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation) as race,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE after_sales_warranty_card SET state = 'active' WHERE id = %s",
                    card.id,
                )
            )
        # a user who loses that race reads the add-on's sentence, not PostgreSQL's
        message = str(_as_validation_error(self.env, race.exception))
        self.assertIn("one live warranty card at a time", message)
        self.assertNotIn("violates", message)

    def test_dates_in_wrong_order_refused(self):
        card = self._manual_card(start_date="2026-11-01")
        with self.assertRaises(ValidationError):
            card.end_date = "2026-10-01"
        self.assertEqual(str(card.end_date), "2027-11-01")

    def test_expiry_cron_and_reminder_sent_once(self):
        today = fields.Date.today()
        cards = self.env["after_sales.warranty.card"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.untracked_product.id,
                    "policy_id": self.standard_policy.id,
                    "start_date": start,
                    "state": "active",
                }
                for start in (
                    today - relativedelta(months=13),  # ended a month ago
                    today - relativedelta(months=12) + timedelta(days=10),  # ends in 10 days
                    today - relativedelta(months=1),  # ends in 11 months
                )
            ]
        )
        expired, ending, running = cards
        model = self.env["after_sales.warranty.card"]
        model._cron_expire_cards()
        self.assertEqual(expired.state, "expired")
        self.assertEqual(ending.state, "active")
        self.assertEqual(running.state, "active")
        self.assertTrue(ending.expiry_reminder_sent)
        self.assertFalse(running.expiry_reminder_sent)
        reminder_domain = [
            ("model", "=", "after_sales.warranty.card"),
            ("res_id", "=", ending.id),
            ("subject", "ilike", "ends on"),
        ]
        self.assertEqual(self.env["mail.message"].search_count(reminder_domain), 1)
        model._cron_expire_cards()
        self.assertEqual(self.env["mail.message"].search_count(reminder_domain), 1, "once")

        self.env["ir.config_parameter"].set_param("after_sales.warranty_reminder_days", 0)
        running.end_date = today + timedelta(days=1)
        model._cron_expire_cards()
        self.assertFalse(running.expiry_reminder_sent, "0 disables reminders")

    def test_card_status_is_right_on_its_end_day_without_the_daily_job(self):
        today = fields.Date.today()
        policy_months = relativedelta(months=12)
        cards = self.env["after_sales.warranty.card"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.untracked_product.id,
                    "policy_id": self.standard_policy.id,
                    "start_date": end - policy_months,
                    "state": "active",
                }
                for end in (today, today - timedelta(days=1), today + timedelta(days=1))
            ]
        )
        ending_today, ended_yesterday, ending_tomorrow = cards
        self.assertEqual(ending_today.end_date, today)
        cards = cards.with_user(self.technician)
        self.assertEqual(cards.mapped("state"), ["active"] * 3, "the daily job has not run")
        self.assertEqual(cards.mapped("status"), ["active", "expired", "active"])
        model = self.env["after_sales.warranty.card"].with_user(self.technician)
        mine = [("id", "in", cards.ids)]
        self.assertEqual(model.search(mine + [("status", "=", "expired")]), ended_yesterday)
        self.assertEqual(
            model.search(mine + [("status", "=", "active")]), ending_today | ending_tomorrow
        )
        self.assertEqual(
            model.search(mine + [("status", "not in", ["active", "draft", "void"])]),
            ended_yesterday,
        )
        self.assertTrue(ending_today._covers(today), "a card covers its last day")

    def test_ticket_coverage_and_category(self):
        lots = self._lots(self.serial_product, 2)
        cards = self._validate(self._delivery([(self.serial_product, 2, lots)])).warranty_card_ids
        ticket = self._create_ticket(lot_id=lots[0].id)
        self.assertEqual(ticket.product_id, self.serial_product)
        self.assertEqual(ticket.warranty_card_id, cards.filtered(lambda c: c.lot_id == lots[0]))
        self.assertTrue(ticket.under_warranty)
        self.assertEqual(ticket.category, "C")
        self.assertEqual(ticket.warranty_end_date, ticket.warranty_card_id.end_date)

        ticket.customer_damage = True
        self.assertFalse(ticket.under_warranty)
        self.assertEqual(ticket.category, "A", "customer damage is never covered")
        ticket.customer_damage = False
        self.assertEqual(ticket.category, "C")

        late = self._create_ticket(
            lot_id=lots[1].id, date_open=fields.Datetime.now() + relativedelta(months=13)
        )
        self.assertEqual(late.warranty_card_id.lot_id, lots[1])
        self.assertFalse(late.under_warranty, "claim after the end of the warranty")
        self.assertEqual(late.category, "A")

        # once the card expires, the claim made during the warranty stays free
        covered_card = ticket.warranty_card_id
        covered_card.with_user(self.manager).write(
            {"start_date": fields.Date.today() - relativedelta(months=13)}
        )
        ticket.date_open = fields.Datetime.now() - relativedelta(months=12)
        self.env["after_sales.warranty.card"]._cron_expire_cards()
        self.assertEqual(covered_card.state, "expired")
        self.assertTrue(ticket.under_warranty)
        self.assertEqual(ticket.category, "C")
        covered_card.action_void()
        self.assertEqual(ticket.category, "A", "a void card covers nothing")

        contract = self._create_ticket(lot_id=lots[1].id, category="B")
        self.assertEqual(contract.category, "B", "contract jobs keep their category")
        self.assertEqual(ticket.warranty_card_id.ticket_count, 1)

    def test_only_managers_change_warranty_dates(self):
        card = self._manual_card(start_date="2026-11-01")
        with self.assertRaises(AccessError):
            card.with_user(self.technician).write({"end_date": "2030-01-01"})
        self.assertEqual(str(card.end_date), "2027-11-01")
        with self.assertRaisesRegex(AccessError, "Only after-sales managers can activate"):
            card.with_user(self.technician).action_activate()
        self.assertEqual(card.state, "draft")
        card.with_user(self.manager).action_activate()
        self.assertEqual(card.state, "active")
        card.with_user(self.manager).write({"end_date": "2028-11-01"})
        self.assertEqual(str(card.end_date), "2028-11-01")

        user_b = self.other_company_user
        with self.assertRaises(AccessError):
            card.with_user(user_b).read(["number"])

    def test_bulk_delivery_query_count_per_card(self):
        """Cards for 1,000 serials of one picking cost a small constant per card."""
        lots = self._lots(self.serial_product, 1100, prefix="BULK")
        small_picking = self._delivery([(self.serial_product, 100, lots[:100])])
        bulk_picking = self._delivery([(self.serial_product, 1000, lots[100:])])
        # validate without policy, then issue the cards as validation does
        self.subcategory.warranty_policy_id = self.category.warranty_policy_id = False
        self._validate(small_picking)
        self._validate(bulk_picking)
        self.subcategory.warranty_policy_id = self.standard_policy
        self.env.flush_all()
        self.env.invalidate_all()
        small = self.count_queries(small_picking._create_warranty_cards)[1]
        self.env.invalidate_all()
        cards, bulk = self.count_queries(bulk_picking._create_warranty_cards)
        self.assertEqual(len(cards), 1000)
        self.assertEqual(len(set(cards.mapped("number"))), 1000)
        per_card = (bulk - small) / 900
        _logger.info(
            "warranty cards: 100 cards %s queries, 1000 cards %s queries, %.2f per card",
            small,
            bulk,
            per_card,
        )
        # numbering costs two queries per card; nothing else grows with the count
        self.assertLessEqual(per_card, 2.5)

    def test_check_warranty_dialog(self):
        lots = self._lots(self.serial_product, 1, prefix="PHONE")
        card = self._validate(self._delivery([(self.serial_product, 1, lots)])).warranty_card_ids
        check = Form(self.env["after_sales.warranty.check"].with_user(self.technician))
        check.serial = " phone-00000 "
        self.assertEqual(check.card_id, card, "found by serial, whatever the case and spaces")
        self.assertTrue(check.can_repair)
        self.assertTrue(check.can_replace)
        self.assertTrue(check.can_refund)
        self.assertEqual(check.remaining_days, (card.end_date - fields.Date.today()).days)
        self.assertIn("Covered for", check.summary)
        wizard = check.save()
        action = wizard.action_create_ticket()
        self.assertEqual(action["context"]["default_lot_id"], lots.id)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

        # past the refund window, before the end of the replacement window
        card.with_user(self.manager).write(
            {"refund_until": fields.Date.today() - timedelta(days=1)}
        )
        by_customer = Form(self.env["after_sales.warranty.check"])
        by_customer.partner_id = self.customer
        by_customer.product_id = self.serial_product
        self.assertEqual(by_customer.card_id, card)
        self.assertFalse(by_customer.can_refund)
        self.assertTrue(by_customer.can_replace)

        unknown = Form(self.env["after_sales.warranty.check"])
        unknown.serial = "NO-SUCH-SERIAL"
        self.assertFalse(unknown.card_id)
        self.assertEqual(unknown.summary, "No warranty card found.")

        card.action_void()
        voided = Form(self.env["after_sales.warranty.check"])
        voided.serial = lots.name
        self.assertFalse(voided.card_id, "a void card covers nothing")

    def test_smart_buttons_count_cards_and_tickets(self):
        contact = self.env["res.partner"].create(
            {"name": "Jane's assistant", "parent_id": self.customer.id}
        )
        lots = self._lots(self.serial_product, 2, prefix="SMART")
        picking = self._validate(self._delivery([(self.serial_product, 2, lots)]))
        self._create_ticket(partner_id=contact.id, lot_id=lots[0].id)
        self.assertEqual(self.customer.warranty_card_count, 2)
        self.assertEqual(contact.warranty_card_count, 2, "counted on the commercial entity")
        self.assertEqual(self.customer.after_sales_ticket_count, 1)
        self.assertEqual(lots[0].warranty_card_count, 1)
        cards = self.env["after_sales.warranty.card"]
        action = self.customer.action_view_warranty_cards()
        self.assertEqual(cards.search(action["domain"]), picking.warranty_card_ids)
        action = lots[0].action_view_warranty_cards()
        self.assertEqual(cards.search(action["domain"]).lot_id, lots[0])
        action = self.customer.action_view_after_sales_tickets()
        self.assertEqual(len(self.env["after_sales.ticket"].search(action["domain"])), 1)

    def test_printable_warranty_card(self):
        lots = self._lots(self.serial_product, 2, prefix="PRINT")
        picking = self._validate(self._delivery([(self.serial_product, 2, lots)]))
        card = picking.warranty_card_ids.sorted("id")[0]
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "after_sales.report_warranty_card", card.ids
        )
        html = html.decode()
        self.assertIn(card.number, html)
        self.assertIn(lots[0].name, html)
        self.assertIn("Split AC", html)
        self.assertIn("Jane Customer", html)
        self.assertIn("Seller's signature and stamp", html)
        self.assertIn(card.end_date.strftime("%m/%d/%Y"), html)

        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "after_sales.report_picking_warranty_cards", picking.ids
        )
        html = html.decode()
        for card in picking.warranty_card_ids:
            self.assertIn(card.number, html, "every card of the delivery is printed")

    def test_customer_return_marks_the_card(self):
        lots = self._lots(self.serial_product, 2, prefix="RET")
        picking = self._validate(self._delivery([(self.serial_product, 2, lots)]))
        returned_card, kept_card = picking.warranty_card_ids.sorted(lambda c: c.lot_id.name)
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_ids=picking.ids, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        return_move = return_picking.move_ids
        return_move.move_line_ids = [Command.clear()] + [
            Command.create(
                {
                    "product_id": self.serial_product.id,
                    "lot_id": lots[0].id,
                    "quantity": 1,
                    "location_id": return_move.location_id.id,
                    "location_dest_id": return_move.location_dest_id.id,
                    "picking_id": return_picking.id,
                }
            )
        ]
        return_move.picked = True
        self._validate(return_picking)
        self.assertEqual(returned_card.return_picking_id, return_picking)
        self.assertEqual(returned_card.state, "void", "the unit is no longer the customer's")
        self.assertEqual(kept_card.state, "active")
        self.assertFalse(kept_card.return_picking_id)
        self.assertFalse(return_picking.warranty_card_ids, "a return issues no card")
        ticket = self._create_ticket(lot_id=lots[0].id)
        self.assertFalse(ticket.warranty_card_id, "the first customer is no longer covered")

        # the returned unit is sold again, to another customer, with a card of its own
        other = self.env["res.partner"].create({"name": "Second Owner"})
        resale = self._delivery([(self.serial_product, 1, lots[0])])
        resale.partner_id = other
        self._validate(resale.with_user(self.warehouse_user))
        new_card = resale.warranty_card_ids
        self.assertEqual((new_card.partner_id, new_card.state), (other, "active"))
        self.assertEqual(new_card.lot_id, lots[0])

    def test_lot_sold_twice_gets_a_card_per_delivery(self):
        lot = self._lots(self.lot_product, 1, prefix="OIL")
        first = self._validate(self._delivery([(self.lot_product, 5, lot)]))
        second = self._validate(self._delivery([(self.lot_product, 3, lot)]))
        cards = (first | second).warranty_card_ids
        self.assertEqual(len(cards), 2, "a lot goes to many customers")
        self.assertEqual(sorted(cards.mapped("quantity")), [3.0, 5.0])
        self.assertEqual(set(cards.mapped("state")), {"active"})

    def test_technicians_cannot_bend_a_card(self):
        lots = self._lots(self.serial_product, 2, prefix="BEND")
        card = self._validate(
            self._delivery([(self.serial_product, 1, lots[:1])])
        ).warranty_card_ids
        as_tech = card.with_user(self.technician)
        for values in (
            {"start_date": "2020-01-01"},
            {"policy_id": self.long_policy.id},
            {"state": "void"},
            {"quantity": 3},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                as_tech.write(values)
        with self.assertRaisesRegex(AccessError, "Only after-sales managers can activate or void"):
            as_tech.action_void()
        self.assertEqual((card.state, card.policy_id), ("active", self.standard_policy))
        self.assertEqual(card.start_date, fields.Date.context_today(card))

        cards = self.env["after_sales.warranty.card"].with_user(self.technician)
        base = {
            "partner_id": self.customer.id,
            "product_id": self.serial_product.id,
            "lot_id": lots[1].id,
            "policy_id": self.standard_policy.id,
        }
        with self.assertRaisesRegex(AccessError, "save it as a draft"):
            cards.create(dict(base, state="active"))
        with self.assertRaisesRegex(AccessError, "save it as a draft"):
            cards.create(dict(base, end_date="2099-12-31"))
        with (
            self.assertRaisesRegex(ValidationError, "belongs to"),
            self.env.cr.savepoint(),
        ):
            cards.create(dict(base, product_id=self.untracked_product.id))
        with (
            self.assertRaisesRegex(ValidationError, "positive quantity"),
            self.env.cr.savepoint(),
        ):
            cards.create(dict(base, quantity=-5))
        self.assertFalse(
            self.env["after_sales.warranty.card"].search([("lot_id", "=", lots[1].id)])
        )
        draft = cards.create(base)
        self.assertEqual((draft.state, str(draft.number)[:3]), ("draft", "WC/"))
        draft.write({"start_date": "2026-01-05"})  # typed from the customer's paper card
        draft.with_user(self.manager).action_activate()
        self.assertEqual(draft.state, "active")
        with self.assertRaises(AccessError):
            draft.with_user(self.technician).write({"start_date": "2026-01-01"})
