from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


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
