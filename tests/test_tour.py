from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTicketBoardTour(HttpCase):
    def test_move_ticket_on_board(self):
        team = self.env.ref("after_sales.team_workshop")
        ticket = self.env["after_sales.ticket"].create(
            {"name": "Tour: fridge door rattles", "team_id": team.id}
        )
        self.assertEqual(ticket.stage_id, self.env.ref("after_sales.stage_new"))
        self.start_tour("/odoo/after-sales-tickets", "after_sales_ticket_board", login="admin")
        self.assertEqual(ticket.stage_id, self.env.ref("after_sales.stage_in_progress"))
        self.assertTrue(ticket.response_date, "leaving the first stage is the first response")
