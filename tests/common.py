from datetime import datetime

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class AfterSalesCase(TransactionCase):
    """A team on a Mon-Fri 8-12/13-17 UTC calendar, its users and a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Workshop 8-12 / 13-17",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="base.group_user,after_sales.group_after_sales_manager",
            name="Service Manager",
        )
        cls.technician = new_test_user(
            cls.env,
            login="as_technician",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Technician Tom",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="as_outsider",
            groups="base.group_user,after_sales.group_after_sales_user",
            name="Other Team Olga",
        )
        cls.team = cls.env["after_sales.team"].create(
            {
                "name": "Test Workshop",
                "leader_id": cls.manager.id,
                "member_ids": [Command.link(cls.technician.id)],
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jane Customer",
                "email": "jane@customer.test",
                "phone": "+34 600 000 001",
                "street": "Calle Mayor 1",
                "city": "Madrid",
                "zip": "28013",
            }
        )
        cls.stage_new = cls.env.ref("after_sales.stage_new")
        cls.stage_in_progress = cls.env.ref("after_sales.stage_in_progress")
        cls.stage_waiting_customer = cls.env.ref("after_sales.stage_waiting_customer")
        cls.stage_solved = cls.env.ref("after_sales.stage_solved")

    @classmethod
    def _other_company_user(cls, company_name, login):
        """An after-sales user who only belongs to a new company."""
        company = cls.env["res.company"].create({"name": company_name})
        user = new_test_user(
            cls.env,
            login=login,
            groups="base.group_user,after_sales.group_after_sales_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        return company, user

    @classmethod
    def _create_ticket(cls, **values):
        values.setdefault("name", "Air conditioner not cooling")
        values.setdefault("team_id", cls.team.id)
        values.setdefault("partner_id", cls.customer.id)
        return cls.env["after_sales.ticket"].create(values)

    @staticmethod
    def dt(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
