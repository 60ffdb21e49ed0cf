from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import WarrantyCase


@tagged("post_install", "-at_install")
class TestQueryBounds(WarrantyCase):
    """The hot paths cost a constant number of queries per batch, not per record:
    deliveries issuing cards, ticket intake, the SLA watchdog."""

    def _stocked_delivery(self, product, count, prefix):
        lots = self._lots(product, count, prefix=prefix)
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock_location, 1, lot_id=lot
            )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": count,
                            "location_id": self.stock_location.id,
                            "location_dest_id": self.customer_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        return picking

    def _validation_queries(self, picking):
        validate = picking.with_user(self.warehouse_user).with_context(skip_sms=True)
        _result, queries = self.count_queries(validate.button_validate)
        self.assertEqual(picking.state, "done")
        return queries

    def test_cards_cost_a_constant_number_of_queries_per_delivery(self):
        uncovered = self._product(
            "Plain unit", "serial", self.env.ref("product.product_category_all")
        )
        overhead = {}
        for count in (5, 25):
            with_cards = self._stocked_delivery(self.serial_product, count, f"QC{count}-")
            without = self._stocked_delivery(uncovered, count, f"QN{count}-")
            overhead[count] = self._validation_queries(with_cards) - self._validation_queries(
                without
            )
            self.assertEqual(len(with_cards.warranty_card_ids), count)
            self.assertFalse(with_cards.warranty_card_ids.message_ids, "no message per card")
        self.assertLessEqual(
            overhead[25] - overhead[5], 2, f"cards' queries grow with the serials: {overhead}"
        )
        numbers = with_cards.warranty_card_ids.mapped("number")
        self.assertEqual(len(set(numbers)), 25, "a number each, drawn for the whole batch")

    def test_ticket_intake_numbers_a_batch_at_once(self):
        team = self.env["after_sales.team"].create({"name": "Intake"})
        costs = {}
        for count in (5, 25):
            vals = [{"name": f"Intake {count}-{i}", "team_id": team.id} for i in range(count)]
            tickets, costs[count] = self.count_queries(self.env["after_sales.ticket"].create, vals)
            self.assertEqual(len(set(tickets.mapped("number"))), count)
        per_ticket = (costs[25] - costs[5]) / 20
        self.assertLessEqual(per_ticket, 2.0, f"queries per extra ticket: {costs}")

    def test_acknowledgements_leave_the_request_for_a_batch_run(self):
        self.env.company.email = "service@company.test"
        team = self.env["after_sales.team"].create({"name": "Acknowledged"})
        cron = self.env.ref("after_sales.ir_cron_ticket_acknowledgement")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        tickets = self.env["after_sales.ticket"].create(
            [
                {"name": f"Ack {i}", "team_id": team.id, "partner_id": self.customer.id}
                for i in range(20)
            ]
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        mails = self.env["mail.mail"].search_count(
            [("model", "=", "after_sales.ticket"), ("res_id", "in", tickets.ids)]
        )
        self.assertEqual(mails, 0, "nothing rendered inside the request")
        self.assertTrue(all(tickets.mapped("acknowledgement_pending")))
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
            "the run is triggered at once",
        )
        self.env["after_sales.ticket"]._cron_send_acknowledgements()
        mails = self.env["mail.mail"].search(
            [("model", "=", "after_sales.ticket"), ("res_id", "in", tickets.ids)]
        )
        self.assertEqual(len(mails), 20, "one acknowledgement per request")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "sent by the mail queue")
        self.assertFalse(any(tickets.mapped("acknowledgement_pending")))
        self.assertIn(tickets[0].number, " ".join(mails.mapped("subject")))

    def test_watchdog_costs_the_same_for_10_or_40_failures(self):
        costs = {}
        for count in (10, 40):
            team = self.env["after_sales.team"].create(
                {"name": f"Watch {count}", "leader_id": self.manager.id}
            )
            with freeze_time("2026-11-23 08:00"):
                tickets = self.env["after_sales.ticket"].create(
                    [
                        {
                            "name": f"Late {count}-{i}",
                            "team_id": team.id,
                            "date_open": self.dt("2026-11-23 08:00"),
                        }
                        for i in range(count)
                    ]
                )
            with freeze_time("2026-11-24 13:00"):
                messages_before = self.env["mail.message"].search_count(
                    [("partner_ids", "in", self.manager.partner_id.ids)]
                )
                _result, costs[count] = self.count_queries(
                    self.env["after_sales.ticket"]._cron_sla_watchdog
                )
                self.assertEqual(len(tickets.activity_ids), count)
                digests = self.env["mail.message"].search_count(
                    [("partner_ids", "in", self.manager.partner_id.ids)]
                )
                self.assertEqual(digests - messages_before, 1, "one digest for the leader")
                _result, again = self.count_queries(
                    self.env["after_sales.ticket"]._cron_sla_watchdog
                )
                self.assertLessEqual(again, 10, "a second run finds nothing to do")
        self.assertLessEqual(costs[40] - costs[10], 6, f"watchdog queries: {costs}")
