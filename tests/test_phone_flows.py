"""A technician's visit worked with a thumb: one tap per checklist result, the
checklist's own checks kept, a cancellation asked for once work has started, the
parts picker showing what the van holds, and every action saying what it did."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestVisitOnAPhone(ServiceJobCase):
    def setUp(self):
        super().setUp()
        self.env["after_sales.checklist.item"].create(
            [
                {"name": "Filters cleaned", "purpose": "maintenance", "sequence": 1},
                {"name": "Pressure checked", "purpose": "maintenance", "sequence": 2},
            ]
        )
        self.visit = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "purpose": "maintenance",
                "date_start": fields.Datetime.now() + timedelta(hours=1),
            }
        )
        self.mine = self.visit.with_user(self.technician)

    def test_one_tap_per_check_and_the_checklist_kept(self):
        first, second = self.mine.check_ids.sorted("sequence")[:2]
        self.assertTrue(first.from_template)
        first.action_result_ok()
        second.action_result_not_ok()
        self.assertEqual((first.result, second.result), ("ok", "not_ok"))
        second.action_result_na()
        self.assertEqual(second.result, "na")
        with self.assertRaises(AccessError):
            first.unlink()
        self.assertTrue(first.exists(), "the checklist's own checks stay")
        own = (
            self.env["after_sales.visit.check"]
            .with_user(self.technician)
            .create({"visit_id": self.visit.id, "name": "Drain hose looked at"})
        )
        own.unlink()
        self.assertFalse(own.exists(), "a check of their own can go")
        second.with_user(self.manager).unlink()
        self.assertFalse(second.exists(), "a manager removes a checklist's check")

    def test_cancel_asks_why_once_work_has_started(self):
        planned = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "date_start": fields.Datetime.now() + timedelta(days=2),
            }
        )
        self.assertTrue(planned.with_user(self.technician).action_cancel())
        self.assertEqual(planned.state, "cancelled", "not started: cancelled at once")

        self.mine.action_start()
        action = self.mine.action_cancel()
        self.assertEqual(action["res_model"], "after_sales.visit.cancel", "asks why")
        self.assertEqual(self.visit.state, "in_progress", "nothing cancelled yet")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
        )
        wizard.reason = "The customer must leave; back next week"
        wizard.save().action_confirm()
        self.assertEqual(self.visit.state, "cancelled")
        self.assertTrue(
            self.visit.message_ids.filtered(lambda m: "back next week" in (m.body or "")),
            "the reason kept in the chatter",
        )

    def test_parts_from_the_van_first_with_what_it_holds(self):
        van = self._van("Van THUMB")
        self.technician.after_sales_van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 3)
        Product = self.env["product.product"].with_user(self.technician)
        found = Product.with_context(after_sales_parts_location_id=van.id).name_search("")
        ids = [product_id for product_id, _label in found]
        self.assertEqual(ids[0], self.filter.id, "what the van holds comes first")
        self.assertIn("3 in Van THUMB", found[0][1])
        compressor = dict(found).get(self.compressor.id, "")
        self.assertIn("none in Van THUMB", compressor, "the rest says the van lacks it")
        plain = dict(Product.name_search("Air filter"))
        self.assertNotIn("Van THUMB", plain.get(self.filter.id, ""), "elsewhere as in Odoo")
        # the phone's picker is a full-screen list of cards, read by search
        in_van = Product.with_context(after_sales_parts_location_id=van.id)
        cards = in_van.search_fetch(
            [("is_storable", "=", True)], ["after_sales_van_quantity"], limit=5, order="name desc"
        )
        self.assertEqual(cards[0], self.filter, "the van's parts first, whatever the order")
        self.assertEqual(cards[0].after_sales_van_quantity, 3)
        self.assertEqual(in_van.browse(self.compressor.id).after_sales_van_quantity, 0)
        self.assertEqual(
            Product.search([("id", "in", (self.filter | self.compressor).ids)], order="id desc"),
            (self.filter | self.compressor).sorted("id", reverse=True),
            "elsewhere the order asked for",
        )

        self.mine.action_start()
        action = self.mine.action_onsite_parts()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
            .create(
                {
                    "line_ids": [
                        Command.create({"product_id": self.filter.id, "quantity": 2}),
                        Command.create({"product_id": self.compressor.id, "quantity": 1}),
                    ]
                }
            )
        )
        self.assertEqual(wizard.location_id, van)
        by_part = {line.product_id: line for line in wizard.line_ids}
        self.assertEqual(by_part[self.filter].available_quantity, 3)
        self.assertFalse(by_part[self.filter].is_short)
        self.assertTrue(by_part[self.compressor].is_short, "the van lacks it: said at once")
        self.assertTrue(wizard.has_short_line)
        with self.assertRaisesRegex(UserError, "does not hold enough"):
            wizard.action_confirm()
        by_part[self.compressor].unlink()
        done = wizard.action_confirm()
        self.assertEqual(done["tag"], "display_notification")
        self.assertIn("2 parts consumed from", done["params"]["message"])
        self.assertEqual(self._on_hand_at(self.filter, van), 1)

    def test_finish_says_where_the_report_goes(self):
        self.mine.write({"no_signature_reason": "Customer away"})
        self.mine.action_start()
        done = self.mine.action_finish()
        self.assertIn(self.customer.email, done["params"]["message"])
