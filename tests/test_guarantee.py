from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestGuarantee(WarrantyCase):
    """The three guarantees: repair, replace and refund, from the ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serial_product.write({"list_price": 1000.0, "invoice_policy": "delivery"})
        cls.today = fields.Date.context_today(cls.env["after_sales.ticket"])
        cls.company.after_sales_approval_amount = 0.0  # the demo data sets one

    def _stock(self, lots):
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                lot.product_id, self.stock_location, 1.0, lot_id=lot
            )

    def _lot_quantity(self, lot, location):
        return self.env["stock.quant"]._get_available_quantity(
            lot.product_id, location, lot_id=lot, strict=True
        )

    def _sell(self, lots, price=1000.0):
        """Sell, deliver and invoice ``lots``; return the order, delivery, invoice and cards."""
        self._stock(lots)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.serial_product.id,
                            "product_uom_qty": len(lots),
                            "price_unit": price,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.move_ids.move_line_ids.lot_id, lots, "the only serials in stock")
        picking.move_ids.picked = True
        self._validate(picking)
        invoice = order._create_invoices()
        invoice.action_post()
        return order, picking, invoice, picking.warranty_card_ids

    def _age_card(self, card, days):
        """Pretend the unit was delivered ``days`` ago (dates follow the policy)."""
        card.start_date = self.today - relativedelta(days=days)
        card.flush_recordset()

    def _claim(self, card, user=None, **values):
        ticket = self._create_ticket(lot_id=card.lot_id.id, **values)
        self.assertEqual(ticket.warranty_card_id, card)
        return ticket.with_user(user or self.technician)

    def _resolve(self, ticket, resolution, reason=None):
        """Go through the wizard as the ticket's user."""
        wizard = Form.from_action(ticket.env, ticket.action_resolve_guarantee())
        wizard.resolution = resolution
        if reason is not None:
            wizard.override_reason = reason
        wizard.save().action_confirm()

    def _validate_return(self, picking):
        self.assertEqual(picking.location_id, self.customer_location)
        picking.move_ids.picked = True
        return self._validate(picking)

    # ------------------------------------------------------------------

    def test_sale_delivery_card_knows_sale_and_invoice(self):
        lots = self._lots(self.serial_product, 2, prefix="SALE")
        order, _picking, invoice, cards = self._sell(lots, price=900.0)
        self.assertEqual(len(cards), 2)
        self.assertEqual(cards.sale_line_id, order.order_line)
        self.assertEqual(cards.sale_order_id, order)
        self.assertEqual(cards.invoice_id, invoice)
        self.assertEqual(cards[0]._unit_value(), 900.0, "invoiced untaxed price of one unit")
        self.assertEqual(order.with_user(self.technician).warranty_card_count, 2)
        self.assertEqual(
            self.serial_product.product_tmpl_id.with_user(self.technician).warranty_card_count, 2
        )
        action = order.action_view_warranty_cards()
        self.assertEqual(self.env["after_sales.warranty.card"].search(action["domain"]), cards)
        action = self.serial_product.product_tmpl_id.action_view_warranty_cards()
        self.assertEqual(self.env["after_sales.warranty.card"].search(action["domain"]), cards)

    def test_refund_end_to_end(self):
        lots = self._lots(self.serial_product, 2, prefix="REF")
        order, _picking, invoice, cards = self._sell(lots)
        card = cards.filtered(lambda c: c.lot_id == lots[0])
        ticket = self._claim(card)
        wizard = Form.from_action(ticket.env, ticket.action_resolve_guarantee())
        self.assertFalse(wizard.refund_refusal, "delivered today: inside the 7-day window")
        self._resolve(ticket, "refund")

        self.assertEqual(ticket.guarantee_state, "done")
        self.assertEqual(ticket.guarantee_resolution, "refund")
        self.assertEqual(ticket.guarantee_amount, 1000.0)
        self.assertEqual(ticket.category, "C")
        return_picking = ticket.picking_ids
        self.assertEqual(len(return_picking), 1)
        self.assertEqual(return_picking.after_sales_claim_card_id, card)
        self.assertEqual(return_picking.move_ids.product_uom_qty, 1.0, "only the claimed unit")
        self.assertTrue(return_picking.move_ids.to_refund)
        self.assertEqual(return_picking.move_ids.move_line_ids.lot_id, lots[0])
        credit_note = ticket.sudo().invoice_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft", "accountants post it")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.amount_untaxed, 1000.0)
        self.assertEqual(
            credit_note.amount_tax, invoice.amount_tax / 2, "same taxes as the invoiced unit"
        )
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, order.order_line)
        self.assertEqual(ticket.picking_count, 1)
        self.assertEqual(ticket.sudo().invoice_count, 1)
        self.assertEqual(card.state, "active", "void once the unit is back")

        self._validate_return(return_picking.sudo())
        self.assertEqual(card.state, "void")
        self.assertEqual(card.return_picking_id, return_picking)
        self.assertEqual(self._lot_quantity(lots[0], self.stock_location), 1.0)
        self.assertEqual(order.order_line.qty_delivered, 1.0, "one unit kept by the customer")
        self.assertEqual(ticket.category, "C", "a voided card keeps the granted ticket free")
        with self.assertRaises(AccessError):
            credit_note.with_user(self.technician).action_post()
        credit_note.action_post()
        self.assertEqual(order.order_line.qty_invoiced, 1.0)
        self.assertEqual(credit_note.with_user(self.technician).after_sales_ticket_id, ticket)

    def _check_replacement(self, policy_mode):
        self.standard_policy.replacement_warranty = policy_mode
        lots = self._lots(self.serial_product, 1, prefix=f"OLD-{policy_mode}")
        _order, _picking, _invoice, card = self._sell(lots)
        self._age_card(card, 10)
        spare = self._lots(self.serial_product, 1, prefix=f"NEW-{policy_mode}")
        self._stock(spare)
        ticket = self._claim(card)
        self._resolve(ticket, "replace")

        self.assertEqual(ticket.guarantee_state, "done")
        self.assertFalse(ticket.sudo().invoice_ids, "a replacement credits nothing")
        back = ticket.picking_ids.filtered(lambda p: p.location_id == self.customer_location)
        out = ticket.picking_ids - back
        self.assertFalse(back.move_ids.to_refund, "the customer keeps what they paid for")
        self.assertEqual(out.location_dest_id, self.customer_location)
        self.assertEqual(out.after_sales_claim_card_id, card)
        self.assertEqual(out.state, "assigned")
        self.assertEqual(out.move_ids.move_line_ids.lot_id, spare, "serial chosen at validation")

        self._validate_return(back.sudo())
        out.sudo().move_ids.picked = True
        self._validate(out.sudo())
        self.assertEqual(card.state, "void")
        self.assertEqual(self._lot_quantity(lots, self.stock_location), 1.0)
        self.assertEqual(self._lot_quantity(spare, self.stock_location), 0.0)
        new_card = out.warranty_card_ids
        self.assertEqual(new_card.lot_id, spare)
        self.assertEqual(new_card.state, "active")
        self.assertEqual(new_card.replaced_card_id, card)
        self.assertEqual(new_card.sale_line_id, card.sale_line_id)
        self.assertEqual(new_card.partner_id, self.customer)
        return card, new_card

    def test_replace_keeps_the_remaining_warranty(self):
        card, new_card = self._check_replacement("remainder")
        self.assertEqual(new_card.start_date, self.today)
        self.assertEqual(new_card.end_date, card.end_date)
        self.assertEqual(new_card.replace_until, card.replace_until)

    def test_replace_restarts_the_warranty(self):
        card, new_card = self._check_replacement("restart")
        self.assertEqual(new_card.end_date, self.today + relativedelta(months=12))
        self.assertGreater(new_card.end_date, card.end_date)

    def test_repair_marks_the_ticket(self):
        lots = self._lots(self.serial_product, 1, prefix="REP")
        card = self._sell(lots)[3]
        self._age_card(card, 100)
        ticket = self._claim(card, ticket_type="complaint")
        wizard = Form.from_action(ticket.env, ticket.action_resolve_guarantee())
        self.assertEqual(wizard.resolution, "repair", "the only option left after 100 days")
        self.assertIn("replacement window closed", wizard.replace_refusal)
        self.assertIn("refund window closed", wizard.refund_refusal)
        self._resolve(ticket, "repair")
        self.assertEqual(ticket.guarantee_state, "done")
        self.assertEqual(ticket.ticket_type, "repair")
        self.assertEqual(ticket.category, "C")
        self.assertFalse(ticket.picking_ids)
        self.assertEqual(card.state, "active")
        with self.assertRaisesRegex(UserError, "already has a guarantee"):
            ticket.action_resolve_guarantee()

    def test_refusal_outside_windows_and_manager_override(self):
        lots = self._lots(self.serial_product, 1, prefix="OVR")
        order, _picking, _invoice, card = self._sell(lots)
        self._age_card(card, 20)
        ticket = self._claim(card)
        with self.assertRaisesRegex(UserError, "refund window closed.*Only an after-sales manager"):
            self._resolve(ticket, "refund")
        self.assertFalse(ticket.guarantee_state)
        self.assertFalse(ticket.picking_ids, "nothing created")

        as_manager = ticket.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Write down why"):
            as_manager._request_guarantee("refund", "  ")
        self.assertFalse(ticket.guarantee_state)
        self._resolve(as_manager, "refund", reason="Shop promised a refund on the phone.")
        self.assertEqual(ticket.guarantee_state, "done")
        self.assertEqual(ticket.guarantee_override_reason, "Shop promised a refund on the phone.")
        self.assertEqual(ticket.guarantee_approved_by_id, self.manager)
        note = ticket.message_ids.filtered(lambda m: "outside the warranty terms" in m.body)
        self.assertIn("Shop promised a refund on the phone.", note.body)
        self.assertIn("refund window closed", note.body)
        self.assertEqual(ticket.sudo().invoice_ids.amount_untaxed, 1000.0)
        self.assertEqual(order.order_line.qty_delivered, 1.0, "until the unit is back")

    def test_customer_damage_and_void_card_refuse_every_guarantee(self):
        lots = self._lots(self.serial_product, 1, prefix="DMG")
        card = self._sell(lots)[3]
        ticket = self._claim(card, customer_damage=True)
        refusals = ticket._guarantee_refusals()
        self.assertEqual(set(refusals.values()), {"Damage caused by the customer is not covered."})
        with self.assertRaisesRegex(UserError, "Damage caused by the customer"):
            self._resolve(ticket, "repair")
        card.action_void()
        self.assertIn("is void", ticket._guarantee_refusals()["repair"])

    def test_refund_needs_an_invoice_and_loses_nothing(self):
        lots = self._lots(self.serial_product, 1, prefix="NOINV")
        self._stock(lots)
        card = self._validate(self._delivery([(self.serial_product, 1, lots)])).warranty_card_ids
        ticket = self._claim(card, user=self.manager)
        self.assertIn("no posted invoice", ticket._guarantee_refusals()["refund"])
        self.assertFalse(ticket._guarantee_refusals()["replace"])
        with self.assertRaisesRegex(UserError, "no posted invoice to credit"):
            self._resolve(ticket, "refund", reason="Goodwill")
        self.assertFalse(ticket.guarantee_state)
        self.assertFalse(ticket.picking_ids, "no return without its credit note")

        manual = self._manual_card(lot_id=False)
        manual.action_activate()
        walk_in = self._create_ticket(product_id=self.untracked_product.id).with_user(self.manager)
        self.assertEqual(walk_in.warranty_card_id, manual)
        self.assertIn("not issued by a delivery", walk_in._guarantee_refusals()["replace"])
        with self.assertRaisesRegex(UserError, "not issued by a delivery"):
            self._resolve(walk_in, "replace", reason="Goodwill")
        self.assertFalse(walk_in.guarantee_state)

    def test_approval_threshold(self):
        self.company.after_sales_approval_amount = 500.0
        self.technician.name = 'Tom <img src="http://evil.example/pixel.png">'
        self.addCleanup(setattr, self.technician, "name", "Technician Tom")
        lots = self._lots(self.serial_product, 3, prefix="APR")
        _order, _picking, _invoice, cards = self._sell(lots)
        first, second, third = cards.sorted(lambda c: c.lot_id.name)

        ticket = self._claim(first)
        wizard = Form.from_action(ticket.env, ticket.action_resolve_guarantee())
        wizard.resolution = "refund"
        self.assertTrue(wizard.needs_approval)
        wizard.save().action_confirm()
        self.assertEqual(ticket.guarantee_state, "to_approve")
        self.assertEqual(ticket.guarantee_requested_by_id, self.technician)
        self.assertFalse(ticket.picking_ids, "no document before the approval")
        self.assertFalse(ticket.sudo().invoice_ids)
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, self.manager, "the team leader approves")
        self.assertIn("Approve guarantee", activity.summary)
        self.assertIn("asks to refund a unit worth", str(activity.note), "a whole sentence")
        self.assertNotIn("<img", str(activity.note), "names are text, not HTML")
        with self.assertRaises(AccessError):
            ticket.action_approve_guarantee()
        with self.assertRaisesRegex(UserError, "already has a guarantee"):
            ticket.action_resolve_guarantee()

        ticket.with_user(self.manager).action_approve_guarantee()
        self.assertEqual(ticket.guarantee_state, "done")
        self.assertEqual(ticket.guarantee_approved_by_id, self.manager)
        self.assertEqual(len(ticket.picking_ids), 1)
        self.assertEqual(ticket.sudo().invoice_ids.amount_untaxed, 1000.0)
        self.assertFalse(ticket.activity_ids, "the approval request is done")

        refused = self._claim(second)
        self._resolve(refused, "replace")
        self.assertEqual(refused.guarantee_state, "to_approve")
        refused.with_user(self.manager).action_refuse_guarantee()
        self.assertEqual(refused.guarantee_state, "refused")
        self.assertFalse(refused.picking_ids)

        repair = self._claim(third)
        self._resolve(repair, "repair")
        self.assertEqual(repair.guarantee_state, "done", "a repair compensates nothing")

    def test_technician_asks_to_replace_a_unit_not_invoiced_yet(self):
        """The unit's value then comes from its sale line, which technicians cannot read."""
        self.company.after_sales_approval_amount = 500.0
        lots = self._lots(self.serial_product, 1, prefix="NOINV")
        self._stock(lots)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.serial_product.id, "price_unit": 800.0})
                ],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.picked = True
        self._validate(order.picking_ids)
        card = order.picking_ids.warranty_card_ids
        ticket = self._claim(card)
        self._resolve(ticket, "replace")
        self.assertEqual(ticket.guarantee_state, "to_approve")
        self.assertEqual(ticket.guarantee_amount, 800.0, "the sale price")

    def test_manager_needs_no_approval(self):
        self.company.after_sales_approval_amount = 500.0
        lots = self._lots(self.serial_product, 1, prefix="MGR")
        card = self._sell(lots)[3]
        ticket = self._claim(card, user=self.manager)
        self._resolve(ticket, "refund")
        self.assertEqual(ticket.guarantee_state, "done")
        self.assertTrue(ticket.sudo().invoice_ids)

    def test_other_company_cannot_resolve(self):
        lots = self._lots(self.serial_product, 1, prefix="CMP")
        card = self._sell(lots)[3]
        ticket = self._claim(card)
        stranger = self.other_company_user
        with self.assertRaises(AccessError):
            ticket.with_user(stranger).action_resolve_guarantee()
        with self.assertRaises(AccessError):
            self.env["after_sales.guarantee.resolve"].with_user(stranger).create(
                {"ticket_id": ticket.id, "resolution": "refund"}
            ).action_confirm()
        self.assertFalse(ticket.guarantee_state)

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"after_sales_warranty_reminder_days": 10, "after_sales_approval_amount": 750.0}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param("after_sales.warranty_reminder_days"), "10"
        )
        self.assertEqual(self.company.after_sales_approval_amount, 750.0)

    def test_back_dating_the_ticket_cannot_reopen_a_window(self):
        lots = self._lots(self.serial_product, 1, prefix="BACK")
        card = self._sell(lots)[3]
        self._age_card(card, 20)
        ticket = self._claim(card)
        opened = ticket.date_open
        with self.assertRaisesRegex(AccessError, "Only after-sales managers can change when"):
            ticket.write({"date_open": fields.Datetime.now() - relativedelta(days=19)})
        self.assertEqual(ticket.date_open, opened)
        with self.assertRaisesRegex(UserError, "refund window closed"):
            self._resolve(ticket, "refund")
        self.assertFalse(ticket.picking_ids, "no return, no credit note")
        with self.assertRaisesRegex(AccessError, "Only after-sales managers can change when"):
            self.env["after_sales.ticket"].with_user(self.technician).create(
                {
                    "name": "Back-dated claim",
                    "team_id": self.team.id,
                    "lot_id": lots.id,
                    "date_open": fields.Datetime.now() - relativedelta(days=19),
                }
            )
        # a form left open a few minutes is no back-dating
        recent = (
            self.env["after_sales.ticket"]
            .with_user(self.technician)
            .create(
                {
                    "name": "Logged after the call",
                    "team_id": self.team.id,
                    "date_open": fields.Datetime.now() - relativedelta(minutes=10),
                }
            )
        )
        self.assertTrue(recent.number.startswith("AS/"))
        # a manager may date a call that came in before it was logged
        ticket.with_user(self.manager).write(
            {"date_open": fields.Datetime.now() - relativedelta(days=19)}
        )
        self.assertFalse(ticket._guarantee_refusals()["refund"])

    def test_replacement_goes_through_the_multi_step_route(self):
        lots = self._lots(self.serial_product, 1, prefix="MSR")
        card = self._sell(lots)[3]
        self.warehouse.delivery_steps = "pick_ship"  # the warehouse works in two steps now
        spare = self._lots(self.serial_product, 1, prefix="MSR-NEW")
        self._stock(spare)
        ticket = self._claim(card)
        self._resolve(ticket, "replace")
        back = ticket.picking_ids.filtered(lambda p: p.location_id == self.customer_location)
        pick = ticket.picking_ids - back
        self.assertEqual(pick.picking_type_id, self.warehouse.pick_type_id, "picked like a sale")
        self.assertEqual(pick.location_id, self.stock_location)
        self.assertEqual(pick.state, "assigned", "the spare unit is reserved on the pick")
        self.assertEqual(pick.move_ids.move_line_ids.lot_id, spare)
        self.assertIn(pick.name, ticket.message_ids[0].body)

        self._validate_return(back.sudo())
        pick.move_ids.picked = True
        self._validate(pick.with_user(self.warehouse_user))
        out = ticket.picking_ids - back - pick
        self.assertEqual(out.picking_type_id, self.warehouse.out_type_id, "then shipped")
        self.assertEqual(out.location_dest_id, self.customer_location)
        self.assertEqual(out.after_sales_claim_card_id, card)
        self.assertEqual(out.partner_id, self.customer)
        self.assertEqual(out.move_ids.move_orig_ids, pick.move_ids, "chained like a sale")
        self.assertEqual(out.state, "assigned")
        out.move_ids.picked = True
        self._validate(out.with_user(self.warehouse_user))
        new_card = out.warranty_card_ids
        self.assertEqual(new_card.lot_id, spare)
        self.assertEqual(new_card.replaced_card_id, card)
        self.assertEqual(card.state, "void")
        self.assertFalse(pick.warranty_card_ids, "an internal step issues no card")

    def test_cancelled_documents_withdraw_the_guarantee(self):
        lots = self._lots(self.serial_product, 2, prefix="UNDO")
        _order, _picking, _invoice, cards = self._sell(lots)
        refunded, replaced = cards.sorted(lambda c: c.lot_id.name)
        ticket = self._claim(refunded)
        self._resolve(ticket, "refund")
        credit_note = ticket.sudo().invoice_ids
        credit_note.with_user(self.accountant).button_cancel()
        self.assertEqual(credit_note.state, "cancel")
        self.assertFalse(ticket.guarantee_state, "the refund no longer holds")
        self.assertFalse(ticket.guarantee_resolution)
        self.assertIn("is withdrawn", ticket.message_ids[0].body)
        self.assertIn("Refund under guarantee", ticket.message_ids[0].body)
        self.assertEqual(refunded.state, "active", "the unit never came back")
        self.assertEqual(ticket.picking_ids.state, "cancel", "its return is cancelled too")
        ticket.action_resolve_guarantee()  # the service may decide again
        self._resolve(ticket, "refund")
        back = ticket.picking_ids.filtered(lambda p: p.state != "cancel")
        self.assertEqual(len(back), 1, "one open return of the unit")
        back.with_user(self.warehouse_user).action_cancel()
        self.assertEqual(back.state, "cancel")
        self.assertFalse(ticket.guarantee_state, "no unit back, no refund")
        self.assertIn(back.name, ticket.message_ids[0].body)
        self.assertEqual(
            set(ticket.sudo().invoice_ids.mapped("state")), {"cancel"}, "nothing credited"
        )

        self._stock(self._lots(self.serial_product, 1, prefix="UNDO-NEW"))
        other = self._claim(replaced)
        self._resolve(other, "replace")
        delivery = other.picking_ids.filtered(
            lambda p: p.after_sales_claim_card_id and p.location_dest_id == self.customer_location
        )
        delivery.with_user(self.warehouse_user).action_cancel()
        self.assertEqual(delivery.state, "cancel")
        self.assertFalse(other.guarantee_state)
        self.assertIn(delivery.name, other.message_ids[0].body)
        self.assertEqual(replaced.state, "active")
        self.assertEqual(set(other.picking_ids.mapped("state")), {"cancel"}, "no return either")
