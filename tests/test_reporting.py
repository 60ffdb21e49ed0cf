from odoo.tests import Form, tagged

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestServiceReporting(ServiceJobCase):
    """What a service manager analyses: working hours to first response and to
    resolution, SLA success, cost, revenue and margin, per team and over 30 days."""

    def test_working_times_and_sla_success(self):
        self.env["after_sales.sla.policy"].create(
            {
                "name": "Workshop: 4 h answer, 3 days fix",
                "team_id": self.team.id,
                "response_hours": 4,
                "resolution_hours": 24,
            }
        )
        ticket = self._create_ticket(date_open=self.dt("2026-11-23 08:00"))  # a Monday
        ticket._write_flow({"response_date": self.dt("2026-11-23 10:00")})
        self.assertEqual(ticket.response_hours, 2.0)
        ticket._write_flow({"sla_paused_working_hours": 1.0})
        ticket.stage_id = self.stage_solved
        ticket._write_flow({"date_closed": self.dt("2026-11-24 10:00")})
        self.assertEqual(ticket.resolution_hours, 8.0 + 2.0 - 1.0, "working hours less pauses")
        self.assertEqual(ticket.sla_success, 100.0)

        late = self._create_ticket(name="Late", date_open=self.dt("2026-11-23 08:00"))
        late._write_flow({"response_date": self.dt("2026-11-24 16:00")})
        late.stage_id = self.stage_solved
        self.assertTrue(late.sla_failed)
        self.assertEqual(late.sla_success, 0.0)

        tickets = self.env["after_sales.ticket"].with_user(self.manager)
        [(team, count, response, success)] = tickets._read_group(
            [("id", "in", (ticket | late).ids)],
            ["team_id"],
            ["__count", "response_hours:avg", "sla_success:avg"],
        )
        self.assertEqual((team, count), (self.team, 2))
        self.assertEqual(response, (2.0 + 15.0) / 2, "average working hours to answer")
        self.assertEqual(success, 50.0, "SLA success rate")

    def test_cost_revenue_margin_and_overview_card(self):
        ticket = self._ticket(prefix="MRG")
        repair = self._repair(ticket, parts=[(self.filter, 2, False)], hours=1.0)
        self._approve(repair)
        self._finish(repair)
        self.assertEqual(ticket.parts_cost, 2 * 10.0)
        self.assertEqual(ticket.labour_cost, 20.0)
        self.assertEqual(ticket.revenue, 0.0, "nothing invoiced yet")
        action = repair.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(ticket.revenue, invoice.amount_untaxed)
        self.assertEqual(ticket.margin, invoice.amount_untaxed - 20.0 - 20.0)
        self.filter.standard_price = 99.0
        self.assertEqual(ticket.parts_cost, 20.0, "a new purchase price rewrites no past job")

        ticket.stage_id = self.stage_solved
        team = self.team.with_user(self.manager)
        self.assertEqual(team.closed_recent_count, 1)
        self.assertEqual(team.avg_resolution_hours, ticket.resolution_hours)
        self.assertIn("to solve", team.performance_summary)
        self.assertIn("No ticket closed", self.team.browse().new({}).performance_summary)
        rows = (
            self.env["after_sales.ticket"]
            .with_user(self.manager)
            ._read_group(
                [("id", "=", ticket.id)],
                ["user_id", "category", "ticket_type", "date_open:month"],
                ["revenue:sum", "margin:sum", "parts_cost:sum"],
            )
        )
        self.assertEqual(rows[0][-3:], (ticket.revenue, ticket.margin, 20.0))

    def test_default_team_and_vans_in_settings(self):
        counter = self.env["after_sales.team"].create({"name": "Phone desk"})
        settings = self.env["res.config.settings"].create({})
        settings.after_sales_default_team_id = counter
        van = self._van("Van 7")
        settings.after_sales_default_van_id = van
        settings.execute()
        self.assertEqual(self.company.after_sales_default_team_id, counter)
        self.assertEqual(counter.van_location_id, van)

        form = Form(self.env["after_sales.ticket"].with_user(self.outsider))
        self.assertEqual(form.team_id, counter, "a user of no team: the default team")
        form = Form(self.env["after_sales.ticket"].with_user(self.technician))
        self.assertEqual(form.team_id, self.team, "a team member: their own team")

        goods = self.company._after_sales_customer_goods_location(self.warehouse)
        vans = self.env["stock.location"].search(settings.action_after_sales_vans()["domain"])
        self.assertIn(van, vans)
        self.assertNotIn(goods, vans, "customers' units are no van")
        users = self.env["res.users"].search(settings.action_after_sales_technicians()["domain"])
        self.assertIn(self.technician, users)
        self.assertNotIn(self.warehouse_user, users)
