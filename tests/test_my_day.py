import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AfterSalesCase


@tagged("post_install", "-at_install")
class TestMyDay(AfterSalesCase):
    """Technicians open the app on their day: their visits and tickets due today or
    overdue, nobody else's, with one tap to call or to navigate."""

    def _visit(self, user, days, **values):
        values.setdefault("partner_id", self.customer.id)
        return self.env["after_sales.visit"].create(
            dict(
                values,
                user_id=user.id,
                date_start=fields.Datetime.now().replace(hour=9, minute=0, second=0)
                + timedelta(days=days),
            )
        )

    def _my_day(self, user):
        # what opening the app runs: its menu's server action, as the user
        menu = self.env.ref("after_sales.menu_after_sales_root")
        self.assertEqual(menu.action, self.env.ref("after_sales.action_after_sales_home"))
        action = menu.action.with_user(user).run()
        Job = self.env["after_sales.day.job"].with_user(user)
        domain = [("user_id", "=", user.id), ("is_due", "=", True)]
        return action, Job.search(domain)

    def test_a_technicians_day(self):
        self.technician.tz = "UTC"
        today = self._visit(self.technician, 0)
        overdue = self._visit(self.technician, -2)
        tomorrow = self._visit(self.technician, 1)
        theirs = self._visit(self.outsider, 0)
        done = self._visit(self.technician, 0)
        done.with_user(self.technician).write({"no_signature_reason": "Away"})
        done.with_user(self.technician).action_start()
        done.with_user(self.technician).action_finish()
        late_ticket = self._create_ticket(user_id=self.technician.id)
        later_ticket = self._create_ticket(user_id=self.technician.id)
        self.env.flush_all()
        for ticket, days in ((late_ticket, -1), (later_ticket, 3)):
            self.env.cr.execute(
                "UPDATE after_sales_ticket SET sla_deadline = %s WHERE id = %s",
                [fields.Datetime.now() + timedelta(days=days), ticket.id],
            )
        self.env.invalidate_all()

        action, jobs = self._my_day(self.technician)
        self.assertEqual(action["res_model"], "after_sales.day.job", "technicians land on it")
        self.assertIn("('user_id', '=', uid)", action["domain"], "theirs only, always")
        self.assertEqual(jobs.visit_id, today | overdue, "today's and overdue visits only")
        self.assertNotIn(tomorrow, jobs.visit_id)
        self.assertNotIn(theirs, jobs.visit_id, "nobody else's")
        self.assertNotIn(done, jobs.visit_id, "finished jobs leave the day")
        self.assertEqual(jobs.ticket_id, late_ticket, "the ticket due, not the one due later")
        card = jobs.filtered(lambda job: job.visit_id == today)
        self.assertEqual(card.partner_id, self.customer)
        self.assertEqual(card.phone, self.customer.phone, "one tap to call")
        self.assertTrue(
            card.map_url.startswith("https://www.google.com/maps/dir/?api=1&destination="),
            "one tap to navigate",
        )
        self.assertIn("Madrid", card.map_url)
        self.assertTrue(jobs.filtered(lambda job: job.visit_id == overdue).is_overdue)
        opened = card.with_user(self.technician).action_open_job()
        self.assertEqual((opened["res_model"], opened["res_id"]), ("after_sales.visit", today.id))

        manager_action, _jobs = self._my_day(self.manager)
        self.assertNotEqual(manager_action["res_model"], "after_sales.day.job", "teams first")

    def test_my_visits_today_means_mine_and_today(self):
        """The two filters the menu starts with are in groups of their own: ANDed."""
        view = self.env.ref("after_sales.view_after_sales_visit_search")
        arch = view.arch
        my = arch.index('name="filter_my"')
        today = arch.index('name="filter_today"')
        self.assertIn("<separator/>", arch[my:today], "a separator between them: AND")
        action = self.env.ref("after_sales.action_after_sales_visit_my_today")
        self.assertIn("kanban", action.view_mode, "cards on a phone")


@tagged("post_install", "-at_install")
class TestTicketSearch(AfterSalesCase):
    def test_the_default_search_finds_customer_number_serial_and_product(self):
        """What a technician types in the tickets' search box: the customer's name, a
        number, the serial on the label or the product all find the ticket."""
        product = self.env["product.product"].create({"name": "Chest Freezer CF-9"})
        lot = self.env["stock.lot"].create({"name": "CF9-000123", "product_id": product.id})
        ticket = self._create_ticket(name="Does not freeze", product_id=product.id, lot_id=lot.id)
        arch = self.env.ref("after_sales.view_after_sales_ticket_search").arch
        domain_text = re.search(r'name="name" string="Ticket" filter_domain="([^"]+)"', arch)
        Ticket = self.env["after_sales.ticket"].with_user(self.technician)
        for typed in ("Jane Cust", ticket.number, "cf9-000123", "Chest Freezer", "freeze"):
            with self.subTest(typed=typed):
                domain = safe_eval(domain_text.group(1).replace("&gt;", ">"), {"self": typed})
                self.assertIn(ticket, Ticket.search(domain))
