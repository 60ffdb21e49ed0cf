from datetime import date, timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ServiceJobCase


# The contracts of these tests run through 2026: the class lives early in that year,
# and each test moves the clock where it needs it.
@tagged("post_install", "-at_install")
@freeze_time("2026-02-02 09:00:00")
class TestMaintenanceContracts(ServiceJobCase):
    """Maintenance contracts (category B): lifecycle, fee invoices per period, tickets
    covered by them, priced at their terms."""

    track_changes = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="as_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Sales Sam",
            email="sam@company.test",
        )
        cls.fee_product = cls.env["product.product"].create(
            {"name": "Maintenance fee", "type": "service", "list_price": 0.0}
        )
        cls.contract_sla = cls.env["after_sales.sla.policy"].create(
            {"name": "Contract: answer in 2 hours", "response_hours": 2, "team_id": cls.team.id}
        )

    def _contract(self, lots=None, **values):
        values.setdefault("name", "Yearly maintenance")
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("team_id", self.team.id)
        values.setdefault("user_id", self.salesperson.id)
        values.setdefault("date_start", date(2026, 1, 1))
        values.setdefault("date_end", date(2026, 12, 31))
        if lots is None:
            self.lot_counter = getattr(self, "lot_counter", 0) + 1
            lots = self._lots(self.serial_product, 1, prefix=f"MC{self.lot_counter}")
        values.setdefault(
            "line_ids",
            [(0, 0, {"product_id": lot.product_id.id, "lot_id": lot.id}) for lot in lots],
        )
        return self.env["after_sales.contract"].with_user(self.salesperson).create(values)

    def test_lifecycle_renewal_and_expiry(self):
        contract = self._contract()
        self.assertTrue(contract.number.startswith("MC/2026/"))
        self.assertEqual(contract.state, "draft")
        for persona in (self.salesperson, self.technician, self.manager):
            form = Form(contract.with_user(persona))  # every field of the form readable
            self.assertEqual(form.number, contract.number)
        with self.assertRaises(AccessError):
            contract.action_confirm()
        with freeze_time("2026-06-01"):
            contract.with_user(self.manager).action_confirm()
            self.assertEqual(contract.state, "running")
        with freeze_time("2026-12-05"):
            self.env["after_sales.contract"]._cron_update_states()
            self.assertEqual(contract.state, "to_renew", "30 days before its end")
            activity = contract.activity_ids
            self.assertEqual(activity.user_id, self.salesperson)
            self.assertIn("Renew", activity.summary)
            self.env.flush_all()
            self.env.cr.precommit.run()
            mail = self.env["mail.mail"].search(
                [
                    ("model", "=", contract._name),
                    ("res_id", "=", contract.id),
                    ("recipient_ids", "in", self.customer.ids),
                ]
            )
            self.assertEqual(len(mail), 1, "the customer is told")
            self.assertIn(contract.number, mail.subject)
            action = contract.with_user(self.salesperson).action_renew()
            renewal = self.env["after_sales.contract"].browse(action["res_id"])
            self.assertEqual(renewal.previous_contract_id, contract)
            self.assertEqual(renewal.state, "draft")
            self.assertEqual(renewal.date_start, date(2027, 1, 1))
            self.assertEqual(renewal.line_ids.lot_id, contract.line_ids.lot_id)
            self.assertEqual(contract.renewal_contract_id, renewal)
            renewal.with_user(self.manager).action_confirm()
            self.assertEqual(renewal.state, "running", "no overlap: the serial may follow")
        with freeze_time("2027-01-02"):
            self.env["after_sales.contract"]._cron_update_states()
            self.assertEqual(contract.state, "expired")
            self.assertEqual(renewal.state, "running")

    def test_fee_invoices_once_per_period(self):
        yearly = self._contract(fee_product_id=self.fee_product.id, fee_amount=1200.0)
        monthly = self._contract(
            name="Monthly care",
            billing_period="monthly",
            fee_product_id=self.fee_product.id,
            fee_amount=100.0,
        )
        with freeze_time("2026-03-15"):
            (yearly | monthly).with_user(self.manager).action_confirm()
            contracts = self.env["after_sales.contract"]
            contracts._cron_update_states()
            contracts._cron_update_states()  # run twice: nothing billed twice
        self.assertEqual(len(yearly.invoice_ids), 1)
        self.assertEqual(yearly.invoice_ids.amount_untaxed, 1200.0)
        self.assertEqual(yearly.invoice_ids.invoice_date, date(2026, 1, 1))
        self.assertEqual(yearly.invoice_ids.partner_id, self.customer)
        self.assertEqual(yearly.invoice_ids.state, "draft")
        periods = monthly.invoice_ids.mapped("after_sales_fee_period_start")
        self.assertEqual(sorted(periods), [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)])
        self.assertEqual(set(monthly.invoice_ids.mapped("amount_untaxed")), {100.0})
        self.assertEqual(monthly.with_user(self.accountant).invoice_count, 3)

        march = monthly.invoice_ids.filtered(lambda m: m.after_sales_fee_period_start.month == 3)
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            march.sudo().copy(
                {
                    "after_sales_contract_id": monthly.id,
                    "after_sales_fee_period_start": date(2026, 3, 1),
                }
            ).flush_recordset()
        march.with_user(self.accountant).button_cancel()
        with freeze_time("2026-03-16"):
            self.env["after_sales.contract"]._cron_update_states()
        live = monthly.invoice_ids.filtered(lambda m: m.state != "cancel")
        self.assertEqual(len(live), 3, "a cancelled period is billed again")

    def test_covered_ticket_is_b_with_contract_sla_and_terms(self):
        lot = self._lots(self.serial_product, 1, prefix="COV")
        contract = self._contract(
            lots=lot,
            date_start=date.today() - timedelta(days=30),
            date_end=date.today() + timedelta(days=300),
            parts_discount=20.0,
            labour_included=True,
            sla_policy_id=self.contract_sla.id,
        )
        contract.with_user(self.manager).action_confirm()
        ticket = self._create_ticket(
            product_id=self.serial_product.id, lot_id=lot.id, user_id=self.technician.id
        )
        self.assertEqual(ticket.contract_id, contract)
        self.assertEqual(ticket.category, "B")
        self.assertEqual(ticket.sla_policy_id, self.contract_sla)

        repair = self._repair(ticket, parts=[(self.compressor, 1, False)], hours=2.0)
        self._approve(repair)
        lines = self._lines_by_product(repair.sale_order_id)
        self.assertEqual(lines[self.compressor].discount, 20.0, "the contract's discount")
        self.assertEqual(lines[self.labour].price_unit, 0.0, "labour included")
        self._finish(repair)
        action = repair.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 180.0 * 0.8, "pricelist price less 20 %")

    def test_warranty_beats_contract_and_damage_is_paid(self):
        lot = self._lots(self.serial_product, 1, prefix="CVB")
        self._contract(
            lots=lot,
            date_start=date.today() - timedelta(days=30),
            date_end=date.today() + timedelta(days=300),
        ).with_user(self.manager).action_confirm()
        self._manual_card(product_id=self.serial_product.id, lot_id=lot.id).action_activate()
        ticket = self._create_ticket(product_id=self.serial_product.id, lot_id=lot.id)
        self.assertTrue(ticket.contract_id)
        self.assertEqual(ticket.category, "C", "the warranty wins over the contract")
        other = self._lots(self.serial_product, 1, prefix="CVD")
        self._contract(
            lots=other,
            date_start=date.today() - timedelta(days=30),
            date_end=date.today() + timedelta(days=300),
        ).with_user(self.manager).action_confirm()
        damaged = self._create_ticket(
            product_id=self.serial_product.id, lot_id=other.id, customer_damage=True
        )
        self.assertEqual(damaged.category, "A", "damage by the customer is paid")

    def test_bad_input_is_refused_and_nothing_written(self):
        with self.assertRaisesRegex(ValidationError, "must end"), self.env.cr.savepoint():
            self._contract(date_end=date(2025, 12, 1))
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"), self.env.cr.savepoint():
            self._contract(parts_discount=120.0)
        self.assertFalse(
            self.env["after_sales.contract"].search([("partner_id", "=", self.customer.id)])
        )
        lot = self._lots(self.serial_product, 1, prefix="TWICE")
        first = self._contract(lots=lot)
        second = self._contract(lots=lot, name="Second")
        first.with_user(self.manager).action_confirm()
        with self.assertRaisesRegex(ValidationError, "already covered by running contract"):
            second.with_user(self.manager).action_confirm()
        self.assertEqual(second.state, "draft")
        with (
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            second.sudo().state = "running"
            second.line_ids.flush_recordset()
        with self.assertRaisesRegex(UserError, "Add the covered equipment"):
            self._contract(lots=self.env["stock.lot"], name="Empty").with_user(
                self.manager
            ).action_confirm()

    def test_smart_buttons_on_customer_and_serial(self):
        contract = self._contract()
        lot = contract.line_ids.lot_id
        self.assertEqual(
            self.customer_contact.with_user(self.manager).after_sales_contract_count, 1
        )
        self.assertEqual(lot.with_user(self.technician).after_sales_contract_count, 1)
        action = lot.with_user(self.technician).action_view_after_sales_contracts()
        found = self.env["after_sales.contract"].with_user(self.technician).search(action["domain"])
        self.assertEqual(found, contract)

    def test_access(self):
        contract = self._contract()
        self.assertEqual(contract.with_user(self.technician).name, "Yearly maintenance")
        with self.assertRaises(AccessError):
            contract.with_user(self.technician).write({"parts_discount": 50})
        with self.assertRaises(AccessError):
            contract.with_user(self.technician).action_renew()
        self.assertFalse(contract.renewal_contract_id, "no renewal made behind the rights")
        with self.assertRaises(AccessError):
            self.env["after_sales.contract"].with_user(self.technician).create(
                {
                    "name": "By a technician",
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                }
            )
        with self.assertRaises(AccessError):
            contract.with_user(self.other_company_user).read(["name"])


@tagged("post_install", "-at_install")
class TestCustomerClasses(ServiceJobCase):
    """Customers classed A/B/C by the last 12 months' invoiced revenue."""

    def test_classes_follow_the_revenue(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Class customer {n}", "is_company": True} for n in range(4)]
        )
        product = self.env["product.product"].create({"name": "Big sale", "type": "service"})
        invoices = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "invoice_date": date.today() - timedelta(days=30),
                        "invoice_line_ids": [
                            (0, 0, {"product_id": product.id, "price_unit": amount, "tax_ids": []})
                        ],
                    }
                    for customer, amount in zip(
                        customers, (900000, 80000, 15000, 5000), strict=True
                    )
                ]
            )
        )
        invoices.action_post()
        old = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customers[3].id,
                    "invoice_date": date.today() - timedelta(days=500),
                    "invoice_line_ids": [(0, 0, {"product_id": product.id, "price_unit": 10**7})],
                }
            )
        )
        old.action_post()  # older than 12 months: it does not count
        self.env["res.partner"].with_user(self.manager)._after_sales_compute_classes()
        self.assertEqual(customers.mapped("after_sales_class"), ["A", "B", "C", "C"])
        settings = self.env["res.config.settings"].create({})
        with self.assertRaisesRegex(ValidationError, "must be between 1 and 60"):
            settings.write({"after_sales_visit_months_b": 0})
