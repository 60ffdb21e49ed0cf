from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestAccess(AfterSalesCase):
    def test_user_without_group_cannot_read_tickets(self):
        ticket = self._create_ticket()
        employee = new_test_user(self.env, login="plain_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            ticket.with_user(employee).read(["name"])
        with self.assertRaises(AccessError):
            self.env["after_sales.ticket"].with_user(employee).search([])

    def test_user_cannot_change_configuration(self):
        stage = self.stage_new.with_user(self.technician)
        self.assertEqual(stage.name, "New", "users read the configuration")
        with self.assertRaises(AccessError):
            stage.write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["after_sales.sla.policy"].with_user(self.technician).create(
                {"name": "Mine", "response_hours": 1}
            )
        with self.assertRaises(AccessError):
            self.team.with_user(self.technician).write({"name": "Hijacked"})
        self.assertEqual(self.stage_new.name, "New")
        self.assertEqual(self.team.name, "Test Workshop")
        # the manager configures
        self.team.with_user(self.manager).write({"name": "Main Workshop"})
        self.assertEqual(self.team.name, "Main Workshop")

    def test_user_cannot_delete_ticket_manager_can(self):
        ticket = self._create_ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.technician).unlink()
        self.assertTrue(ticket.exists())
        ticket.with_user(self.manager).unlink()
        self.assertFalse(ticket.exists())

    def test_other_company_tickets_invisible(self):
        ticket_a = self._create_ticket(name="Company A job")
        company_b, user_b = self.other_company, self.other_company_user
        team_b = self.env["after_sales.team"].create({"name": "Team B", "company_id": company_b.id})
        ticket_b = (
            self.env["after_sales.ticket"]
            .with_user(user_b)
            .create({"name": "Company B job", "team_id": team_b.id})
        )
        self.assertEqual(ticket_b.company_id, company_b)
        visible = self.env["after_sales.ticket"].with_user(user_b).search([])
        self.assertIn(ticket_b, visible)
        self.assertNotIn(ticket_a, visible)
        with self.assertRaises(AccessError):
            ticket_a.with_user(user_b).read(["name"])
        self.assertNotIn(self.team, self.env["after_sales.team"].with_user(user_b).search([]))
