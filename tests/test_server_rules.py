"""The rules a button enforces hold for a plain write, create and unlink too (what a
script or an RPC call would send): each table below walks the personas over the
protected fields of one model, and checks that a refused change wrote nothing."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from ..models.res_config_settings import SETTING_BOUNDS
from .common import SIGNATURE_PNG, ServiceJobCase

ALLOWED = None


class RulesCase(ServiceJobCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="as_rules_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Sales Sam",
        )
        cls.other_customer = cls.env["res.partner"].create({"name": "Somebody Else Ltd"})
        cls.personas = {
            "technician": cls.technician,
            "colleague": cls.outsider,
            "manager": cls.manager,
            "salesperson": cls.salesperson,
        }

    def assertRuleTable(self, records, table, read_back):
        """Walk ``table`` rows (persona, record key, values, expected error or
        ALLOWED); a refused write leaves ``read_back(record)`` as it was."""
        for persona, key, values, expected in table:
            record = records[key]
            with self.subTest(persona=persona, record=key, values=sorted(values)):
                as_persona = record.with_user(self.personas[persona])
                if expected is ALLOWED:
                    as_persona.write(values)
                    continue
                self.env.invalidate_all()
                before = read_back(record)
                with self.assertRaises(expected):
                    as_persona.write(values)
                self.env.invalidate_all()
                self.assertEqual(read_back(record), before, "nothing written")


@tagged("post_install", "-at_install")
class TestVisitRules(RulesCase):
    """Technicians work their own (or unassigned) visits until they are finished; the
    workflow's fields move only through the buttons; what the customer signed off is
    frozen once the visit is done, for everybody."""

    def _visit(self, **values):
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("team_id", self.team.id)
        values.setdefault("date_start", fields.Datetime.now() + timedelta(days=1))
        return self.env["after_sales.visit"].create(values)

    def test_who_changes_what_on_a_visit(self):
        visits = {
            "mine": self._visit(user_id=self.technician.id),
            "theirs": self._visit(user_id=self.outsider.id),
            "free": self._visit(),
            "done": self._visit(user_id=self.technician.id),
        }
        done = visits["done"].with_user(self.technician)
        done.write({"no_signature_reason": "Customer away", "findings": "<p>All fine</p>"})
        done.action_start()
        done.action_finish()
        later = fields.Datetime.now() + timedelta(days=3)
        table = [
            ("technician", "mine", {"findings": "<p>Filter dirty</p>"}, ALLOWED),
            ("technician", "mine", {"state": "done"}, AccessError),
            ("technician", "mine", {"date_done": fields.Datetime.now()}, AccessError),
            ("technician", "mine", {"signed_on": fields.Datetime.now()}, AccessError),
            ("technician", "mine", {"report_pending": True}, AccessError),
            ("technician", "mine", {"user_id": self.outsider.id}, AccessError),
            ("technician", "theirs", {"user_id": self.technician.id}, AccessError),
            ("technician", "theirs", {"findings": "<p>Mine now</p>"}, AccessError),
            ("technician", "theirs", {"date_start": later}, AccessError),
            ("technician", "free", {"user_id": self.technician.id}, ALLOWED),
            ("technician", "done", {"state": "planned"}, AccessError),
            ("technician", "done", {"signature": SIGNATURE_PNG}, AccessError),
            ("technician", "done", {"signed_by": "Someone"}, AccessError),
            ("technician", "done", {"findings": "<p>Rewritten</p>"}, AccessError),
            ("technician", "done", {"date_start": later}, AccessError),
            ("colleague", "mine", {"findings": "<p>Not theirs</p>"}, AccessError),
            ("manager", "theirs", {"user_id": self.technician.id}, ALLOWED),
            ("manager", "theirs", {"state": "done"}, AccessError),
            ("manager", "done", {"date_done": later}, AccessError),
            ("manager", "done", {"signature": SIGNATURE_PNG}, AccessError),
            ("manager", "done", {"no_signature_reason": "Changed"}, AccessError),
            ("manager", "done", {"findings": "<p>Rewritten</p>"}, AccessError),
        ]
        self.assertRuleTable(
            visits,
            table,
            lambda visit: (
                visit.state,
                visit.user_id,
                visit.date_start,
                visit.date_done,
                visit.signed_on,
                visit.signed_by,
                visit.findings,
                visit.signature,
                visit.no_signature_reason,
            ),
        )
        self.assertEqual(visits["free"].user_id, self.technician, "taken")
        self.assertEqual(visits["theirs"].user_id, self.technician, "given by the manager")

    def test_checklist_lines_follow_their_visit(self):
        mine = self._visit(user_id=self.technician.id)
        theirs = self._visit(user_id=self.outsider.id)
        Check = self.env["after_sales.visit.check"].with_user(self.technician)
        mine_check = Check.create({"visit_id": mine.id, "name": "Noise"})
        mine_check.write({"result": "ok"})
        their_check = theirs.check_ids[:1] or self.env["after_sales.visit.check"].create(
            {"visit_id": theirs.id, "name": "Noise"}
        )
        with self.assertRaises(AccessError):
            their_check.with_user(self.technician).write({"result": "not_ok"})
        with self.assertRaises(AccessError):
            Check.create({"visit_id": theirs.id, "name": "Invented check"})
        with self.assertRaises(AccessError):
            their_check.with_user(self.technician).unlink()
        self.assertTrue(their_check.exists())
        self.assertNotEqual(their_check.result, "not_ok")
        mine.with_user(self.technician).write({"no_signature_reason": "Away"})
        mine.with_user(self.technician).action_start()
        mine.with_user(self.technician).action_finish()
        with self.assertRaises(AccessError):
            mine_check.with_user(self.technician).write({"result": "not_ok"})
        self.assertEqual(mine_check.result, "ok", "a finished visit's checklist is kept")

    def test_creating_visits(self):
        Visit = self.env["after_sales.visit"].with_user(self.technician)
        start = fields.Datetime.now() + timedelta(days=1)
        base = {"partner_id": self.customer.id, "date_start": start}
        for values in (
            {"user_id": self.outsider.id},
            {"state": "done"},
            {"date_done": start},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                Visit.create(dict(base, **values))
        mine = Visit.create(dict(base, user_id=self.technician.id))
        self.assertEqual(mine.state, "planned")
        planned = (
            self.env["after_sales.visit"]
            .with_user(self.manager)
            .create(dict(base, user_id=self.outsider.id))
        )
        self.assertEqual(planned.user_id, self.outsider, "managers plan for anybody")

    def test_links_are_the_customers_and_the_companys(self):
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Someone else's",
                "partner_id": self.other_customer.id,
                "date_start": date.today(),
                "date_end": date.today() + timedelta(days=300),
                "line_ids": [Command.create({"product_id": self.serial_product.id})],
            }
        )
        (their_unit,) = self._lots(self.serial_product, 1, prefix="THEIRS")
        self.env["after_sales.warranty.card"].create(
            {
                "partner_id": self.other_customer.id,
                "product_id": self.serial_product.id,
                "lot_id": their_unit.id,
                "policy_id": self.standard_policy.id,
            }
        ).action_activate()
        start = fields.Datetime.now() + timedelta(days=1)
        Visit = self.env["after_sales.visit"].with_user(self.manager)
        Plan = self.env["after_sales.visit.plan"].with_user(self.manager)
        for values, message in (
            ({"user_id": self.other_company_user.id}, "does not work for"),
            ({"contract_id": contract.id}, "is not Jane Customer's"),
            ({"lot_ids": [Command.link(their_unit.id)]}, "Somebody Else Ltd's unit"),
        ):
            with self.subTest(values=values):
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    Visit.create(dict(values, partner_id=self.customer.id, date_start=start))
                if "lot_ids" not in values:
                    with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                        Plan.create(dict(values, name="Plan", partner_id=self.customer.id))
        self.assertFalse(self.env["after_sales.visit"].search([("date_start", "=", start)]))

    def test_durations_and_intervals_have_bounds(self):
        start = fields.Datetime.now() + timedelta(days=1)
        Visit = self.env["after_sales.visit"].with_user(self.manager)
        for duration in (0, -1, 1e9):
            with self.subTest(duration=duration), self.assertRaises(ValidationError):
                Visit.create(
                    {"partner_id": self.customer.id, "date_start": start, "duration": duration}
                )
        Plan = self.env["after_sales.visit.plan"].with_user(self.manager)
        for interval, unit in ((0, "months"), (100_000, "months"), (261, "weeks")):
            with self.subTest(interval=interval), self.assertRaises(ValidationError):
                Plan.create(
                    {
                        "name": "Odd plan",
                        "partner_id": self.customer.id,
                        "interval": interval,
                        "interval_unit": unit,
                    }
                )


@tagged("post_install", "-at_install")
class TestContractRules(RulesCase):
    """Salespeople prepare drafts; only managers confirm, cancel and reopen, and only
    they change a confirmed contract's terms and covered equipment."""

    def _contract(self, **values):
        (unit,) = self._lots(self.serial_product, 1, prefix=f"CR{len(self._units)}")
        self._units.append(unit)
        values.setdefault("name", "Yearly maintenance")
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("date_start", date.today())
        values.setdefault("date_end", date.today() + timedelta(days=364))
        values.setdefault("fee_product_id", self.labour.id)
        values.setdefault("fee_amount", 100.0)
        values.setdefault(
            "line_ids", [Command.create({"product_id": self.serial_product.id, "lot_id": unit.id})]
        )
        return self.env["after_sales.contract"].with_user(self.salesperson).create(values)

    def setUp(self):
        super().setUp()
        self._units = []

    def test_who_changes_what_on_a_contract(self):
        contracts = {"draft": self._contract(), "running": self._contract()}
        contracts["running"].with_user(self.manager).action_confirm()
        table = [
            ("salesperson", "draft", {"parts_discount": 10.0}, ALLOWED),
            ("salesperson", "draft", {"state": "running"}, AccessError),
            ("salesperson", "running", {"state": "cancelled"}, AccessError),
            ("salesperson", "running", {"parts_discount": 100.0}, AccessError),
            ("salesperson", "running", {"fee_amount": 0.0}, AccessError),
            (
                "salesperson",
                "running",
                {"date_start": date.today() - timedelta(days=730)},
                AccessError,
            ),
            ("salesperson", "running", {"partner_id": self.other_customer.id}, AccessError),
            ("technician", "running", {"state": "draft"}, AccessError),
            ("manager", "running", {"parts_discount": 15.0}, ALLOWED),
        ]
        self.assertRuleTable(
            contracts,
            table,
            lambda contract: (
                contract.state,
                contract.parts_discount,
                contract.fee_amount,
                contract.date_start,
                contract.partner_id,
            ),
        )
        running = contracts["running"]
        self.assertEqual(running.parts_discount, 15.0)
        line = running.line_ids.with_user(self.salesperson)
        Line = self.env["after_sales.contract.line"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            line.write({"lot_id": False})
        with self.assertRaises(AccessError):
            Line.create({"contract_id": running.id, "product_id": self.compressor.id})
        with self.assertRaises(AccessError):
            line.unlink()
        self.assertEqual(len(running.line_ids), 1)
        self.assertTrue(running.line_ids.lot_id, "nothing written")
        running.with_user(self.manager).action_cancel()
        self.assertEqual(running.state, "cancelled")

    def test_terms_have_bounds_and_lines_say_what_they_cover(self):
        for values in (
            {"fee_amount": 1e20},
            {"parts_discount": 100.5},
            {"visits_per_year": 10_000},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._contract(**values)
        with (
            self.assertRaisesRegex(ValidationError, "needs a product or a product category"),
            self.env.cr.savepoint(),
        ):
            self._contract(line_ids=[Command.create({})])

    def test_a_contract_covers_the_customers_own_units(self):
        (their_unit,) = self._lots(self.serial_product, 1, prefix="OWNED")
        self.env["after_sales.warranty.card"].create(
            {
                "partner_id": self.other_customer.id,
                "product_id": self.serial_product.id,
                "lot_id": their_unit.id,
                "policy_id": self.standard_policy.id,
            }
        ).action_activate()
        line = Command.create({"product_id": self.serial_product.id, "lot_id": their_unit.id})
        with (
            self.assertRaisesRegex(ValidationError, "Somebody Else Ltd's unit"),
            self.env.cr.savepoint(),
        ):
            self._contract(line_ids=[line])
        contract = self._contract()
        with (
            self.assertRaisesRegex(ValidationError, "Somebody Else Ltd's unit"),
            self.env.cr.savepoint(),
        ):
            contract.with_user(self.salesperson).write({"line_ids": [line]})
        self.assertEqual(len(contract.line_ids), 1, "nothing written")


@tagged("post_install", "-at_install")
class TestTicketRules(RulesCase):
    """A ticket is free or under contract only with its own customer's card or
    contract; the verdict on a complaint is the manager's; a signed voucher is frozen."""

    def _card(self, partner, prefix):
        (unit,) = self._lots(self.serial_product, 1, prefix=prefix)
        card = self.env["after_sales.warranty.card"].create(
            {
                "partner_id": partner.id,
                "product_id": self.serial_product.id,
                "lot_id": unit.id,
                "policy_id": self.standard_policy.id,
            }
        )
        card.action_activate()
        return card

    def test_coverage_is_the_customers_own(self):
        theirs = self._card(self.other_customer, "TKT-THEIRS")
        mine = self._card(self.customer, "TKT-MINE")
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Their contract",
                "partner_id": self.other_customer.id,
                "date_start": date.today(),
                "date_end": date.today() + timedelta(days=300),
                "line_ids": [Command.create({"product_id": self.serial_product.id})],
            }
        )
        ticket = self._create_ticket(product_id=self.serial_product.id, lot_id=mine.lot_id.id)
        as_technician = ticket.with_user(self.technician)
        self.assertEqual((ticket.warranty_card_id, ticket.category), (mine, "C"))
        with (
            self.assertRaisesRegex(ValidationError, "is not the card of Jane Customer"),
            self.env.cr.savepoint(),
        ):
            as_technician.write({"warranty_card_id": theirs.id})
        with (
            self.assertRaisesRegex(ValidationError, "does not cover Jane Customer"),
            self.env.cr.savepoint(),
        ):
            as_technician.write({"contract_id": contract.id})
        self.assertEqual((ticket.warranty_card_id, ticket.contract_id), (mine, contract.browse()))
        with self.assertRaisesRegex(ValidationError, "is not the card of"), self.env.cr.savepoint():
            self._create_ticket(
                product_id=self.serial_product.id,
                lot_id=theirs.lot_id.id,
                warranty_card_id=theirs.id,
            )
        # their serial typed on our customer's ticket finds no card to make it free
        other = self._create_ticket(product_id=self.serial_product.id, lot_id=theirs.lot_id.id)
        self.assertFalse(other.warranty_card_id)
        self.assertNotEqual(other.category, "C")

    def test_the_verdict_on_a_complaint_is_the_managers(self):
        complaint = self._create_ticket(
            name="Technician was rude",
            ticket_type="complaint",
            complaint_user_id=self.technician.id,
        )
        complaint.with_user(self.manager).write(
            {"complaint_justified": True, "complaint_followup": "penalty"}
        )
        as_technician = complaint.with_user(self.technician)
        for values in (
            {"complaint_justified": False},
            {"complaint_followup": False},
            {"complaint_followup_date": date.today()},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                as_technician.write(values)
        self.assertEqual(
            (complaint.complaint_justified, complaint.complaint_followup), (True, "penalty")
        )
        as_technician.write({"complaint_justified": True})  # no change: nothing judged

        portal = new_test_user(
            self.env,
            login="as_rules_portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        as_customer = complaint.with_user(portal)
        with self.assertRaises(AccessError):
            as_customer.action_submit_complaint_plan()
        self.assertFalse(complaint.complaint_plan_date)
        for field in ("complaint_followup", "complaint_justified", "complaint_user_id"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                as_customer.read([field])

    def test_a_signed_voucher_is_frozen(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        cash = self.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", self.company.id)], limit=1
        )
        mine = ticket.with_user(self.technician)
        mine.write(
            {
                "voucher_signature": SIGNATURE_PNG,
                "voucher_signed_by": "Jane Customer",
                "voucher_payment_amount": 30.0,
                "voucher_payment_journal_id": cash.id,
            }
        )
        mine.action_confirm_voucher()
        bank = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        for persona in (self.technician, self.manager):
            for values in (
                {"voucher_payment_amount": 9999.0},
                {"voucher_signed_by": "Somebody"},
                {"voucher_signature": False},
                {"voucher_payment_journal_id": bank.id},
            ):
                with (
                    self.subTest(persona=persona.name, values=values),
                    self.assertRaisesRegex(AccessError, "is signed"),
                    self.env.cr.savepoint(),
                ):
                    ticket.with_user(persona).write(values)
        self.assertEqual(
            (
                ticket.voucher_payment_amount,
                ticket.voucher_signed_by,
                ticket.voucher_payment_journal_id,
            ),
            (30.0, "Jane Customer", cash),
        )
        self.assertTrue(ticket.voucher_signature)


@tagged("post_install", "-at_install")
class TestWizardRows(RulesCase):
    """Wizards are rows in the database: each user reaches only the rows they opened,
    whatever their company (the exported workbook included)."""

    def test_each_user_reaches_their_own_wizard_rows(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        wizard = (
            self.env["after_sales.onsite.parts"]
            .with_user(self.technician)
            .create(
                {
                    "ticket_id": ticket.id,
                    "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})],
                }
            )
        )
        for stranger in (self.other_company_user, self.outsider):
            with self.subTest(user=stranger.name):
                Wizard = self.env["after_sales.onsite.parts"].with_user(stranger)
                self.assertFalse(Wizard.search([("id", "=", wizard.id)]))
                self.assertFalse(
                    self.env["after_sales.onsite.parts.line"]
                    .with_user(stranger)
                    .search([("wizard_id", "=", wizard.id)])
                )
                with self.assertRaises(AccessError):
                    Wizard.browse(wizard.id).read(["ticket_id"])
                with self.assertRaises(AccessError):
                    Wizard.browse(wizard.id).write({"line_ids": [Command.clear()]})
        self.assertEqual(len(wizard.line_ids), 1, "nothing written")

        today = fields.Date.context_today(ticket)
        export = (
            self.env["after_sales.invoice.report"]
            .with_user(self.accountant)
            .create({"date_from": today - timedelta(days=1), "date_to": today})
        )
        export.action_export()
        self.assertTrue(export.report_file)
        colleague = new_test_user(
            self.env,
            login="as_rules_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        Export = self.env["after_sales.invoice.report"].with_user(colleague)
        self.assertFalse(Export.search([]))
        with self.assertRaises(AccessError):
            Export.browse(export.id).read(["report_file"])


@tagged("post_install", "-at_install")
class TestSettingBounds(RulesCase):
    """Every typed setting has a range; a parameter edited by hand beyond it is read
    within it, so one slip never stops the jobs and forms that read it."""

    def test_settings_out_of_range_are_refused(self):
        settings = self.env["res.config.settings"].create({})
        for name, (lowest, highest) in SETTING_BOUNDS.items():
            for value in (lowest - 1, highest + 1, 2_000_000_000):
                with (
                    self.subTest(setting=name, value=value),
                    self.assertRaisesRegex(ValidationError, "must be between"),
                    self.env.cr.savepoint(),
                ):
                    settings.write({name: value})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.company.after_sales_approval_amount = -1

    def test_a_parameter_edited_by_hand_is_read_within_bounds(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("after_sales.complaint_ack_hours", "2000000000")
        params.set_param("after_sales.complaint_plan_hours", "not a number")
        params.set_param("after_sales.visit_horizon_days", "-5")
        complaint = self._create_ticket(name="Late again", ticket_type="complaint")
        self.assertLessEqual(
            complaint.complaint_ack_deadline - complaint.date_open, timedelta(days=30)
        )
        self.assertEqual(
            complaint.complaint_plan_deadline - complaint.date_open, timedelta(hours=72), "default"
        )
        setting = self.env["res.config.settings"]._after_sales_setting
        self.assertEqual(setting("after_sales_visit_horizon_days"), 1)

    def test_one_bad_plan_does_not_stop_the_planner(self):
        good, bad = self.env["after_sales.visit.plan"].create(
            [
                {
                    "name": name,
                    "partner_id": self.customer.id,
                    "interval": 1,
                    "interval_unit": "weeks",
                }
                for name in ("Good plan", "Bad plan")
            ]
        )
        # a value no form lets through, as an old database or a script could hold
        self.env.cr.execute(
            "UPDATE after_sales_visit_plan SET interval = 100000000, interval_unit = 'months' "
            "WHERE id = %s",
            [bad.id],
        )
        bad.invalidate_recordset()
        visits = self.env["after_sales.visit.plan"]._cron_schedule_visits()
        self.assertIn(good, visits.plan_id, "the good plan is planned")
        self.assertNotIn(bad, visits.plan_id)
        note = bad.message_ids.filtered(lambda m: "could not process" in (m.body or ""))
        self.assertIn(self.manager.partner_id, note.partner_ids, "told to the managers")
        self.assertEqual(bad.next_date, date.today(), "left as it was")

    def test_one_bad_contract_does_not_stop_the_fee_job(self):
        good, bad = self.env["after_sales.contract"].create(
            [
                {
                    "name": name,
                    "partner_id": self.customer.id,
                    "state": "running",
                    "date_start": date.today(),
                    "date_end": date.today() + timedelta(days=364),
                    "fee_product_id": self.labour.id,
                    "fee_amount": 10.0,
                    "line_ids": [Command.create({"product_id": self.serial_product.id})],
                }
                for name in ("Good contract", "Bad contract")
            ]
        )
        other_fee = self.env["product.product"].create(
            {"name": "Fee of another company", "type": "service"}
        )
        # a fee product moved to another company afterwards, as a script could do
        self.env.cr.execute(
            "UPDATE product_template SET company_id = %s WHERE id = %s",
            [self.other_company.id, other_fee.product_tmpl_id.id],
        )
        self.env.cr.execute(
            "UPDATE after_sales_contract SET fee_product_id = %s WHERE id = %s",
            [other_fee.id, bad.id],
        )
        self.env.invalidate_all()
        self.env["after_sales.contract"]._cron_update_states()
        Move = self.env["account.move"]
        self.assertEqual(Move.search_count([("after_sales_contract_id", "=", good.id)]), 1)
        self.assertFalse(Move.search_count([("after_sales_contract_id", "=", bad.id)]))
        note = bad.message_ids.filtered(lambda m: "could not process" in (m.body or ""))
        self.assertIn(self.manager.partner_id, note.partner_ids, "told to the managers")

    def test_a_fee_invoice_is_worded_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.customer.lang = "es_ES"
        contract = self.env["after_sales.contract"].create(
            {
                "name": "Fees",
                "partner_id": self.customer.id,
                "date_start": date.today(),
                "date_end": date.today() + timedelta(days=364),
                "fee_product_id": self.labour.id,
                "fee_amount": 10.0,
                "line_ids": [Command.create({"product_id": self.serial_product.id})],
            }
        )
        contract.with_user(self.manager).action_confirm()
        invoice = self.env["account.move"].search([("after_sales_contract_id", "=", contract.id)])
        self.assertEqual(len(invoice), 1)
        spanish = self.env(context=dict(self.env.context, lang="es_ES"))
        self.assertIn(format_date(spanish, date.today()), invoice.ref, "as the customer reads it")
        self.assertNotIn(date.today().isoformat(), invoice.ref)
