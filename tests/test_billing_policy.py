from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestBillingPolicy(ServiceJobCase):
    """One table, every billing question, each category: what the policy answers is
    what tickets, visits, repairs and labour lines do."""

    # category: (line billable, excluded line billable, charged in full, internal,
    #            warranty work, needs an estimate, parts go to the warranty location)
    TABLE = {
        "A": (True, True, True, False, False, True, False),
        "B": (True, True, True, False, False, True, False),
        "C": (False, True, False, False, True, True, True),
        "D": (False, False, False, True, False, False, False),
        False: (False, False, False, True, False, False, False),  # a visit, for now
    }

    def test_every_question_for_every_category(self):
        policy = self.env["after_sales.billing.policy"].with_user(self.technician)
        warranty_location = self.company._after_sales_warranty_location()
        for category, expected in self.TABLE.items():
            with self.subTest(category=category):
                answers = (
                    policy._line_billable(category),
                    policy._line_billable(category, excluded=True),
                    policy._charges_in_full(category),
                    policy._is_internal(category),
                    policy._is_warranty_work(category),
                    policy._needs_estimate(category, has_billable_lines=True),
                    policy._parts_destination(category, self.company) == warranty_location,
                )
                self.assertEqual(answers, expected)
                if policy._is_internal(category):
                    with self.assertRaisesRegex(UserError, "never invoiced"):
                        policy._check_invoiceable(category, "Job")
                else:
                    policy._check_invoiceable(category, "Job")

    def test_jobs_follow_the_policy(self):
        """A ticket of each category records labour as the policy says; a visit's
        labour follows its job's (none of its own yet)."""
        for category in ("A", "B", "C", "D"):
            with self.subTest(category=category):
                ticket = self._ticket(covered=category == "C", prefix=f"POL{category}")
                if category != "C":
                    ticket.category = category
                self.assertEqual(ticket.category, category)
                labour = (
                    self.env["after_sales.labour.line"]
                    .with_user(self.technician)
                    .create({"ticket_id": ticket.id, "hours": 1.0, "name": "Work"})
                )
                self.assertEqual(labour.category, category)
                self.assertEqual(labour.is_billable, self.TABLE[category][0])
                self.assertEqual(
                    ticket._job_parts_destination()
                    == self.company._after_sales_warranty_location(),
                    self.TABLE[category][6],
                )
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "date_start": fields.Datetime.now(),
            }
        )
        labour = (
            self.env["after_sales.labour.line"]
            .with_user(self.technician)
            .create({"visit_id": visit.id, "hours": 1.0, "name": "Work"})
        )
        self.assertEqual((labour.category, labour.is_billable), (False, self.TABLE[False][0]))
