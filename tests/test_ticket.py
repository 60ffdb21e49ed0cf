import logging

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AfterSalesCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestTicket(AfterSalesCase):
    track_changes = True  # checks the chatter, tracking and stage emails

    def test_number_sequence_per_company(self):
        year = fields.Date.today().year
        first = self._create_ticket()
        second = self._create_ticket()
        self.assertRegex(first.number, rf"^AS/{year}/\d{{5}}$")
        self.assertEqual(int(second.number[-5:]), int(first.number[-5:]) + 1)
        self.assertIn(first.number, first.display_name)

        company_b = self.env["res.company"].create({"name": "Service Company B"})
        team_b = self.env["after_sales.team"].create({"name": "Team B", "company_id": company_b.id})
        ticket_b = self._create_ticket(team_id=team_b.id)
        self.assertEqual(ticket_b.company_id, company_b)
        self.assertEqual(ticket_b.number, f"AS/{year}/00001")
        third = self._create_ticket()
        self.assertEqual(int(third.number[-5:]), int(second.number[-5:]) + 1)

    def test_defaults_from_partner_are_editable(self):
        form = Form(self.env["after_sales.ticket"].with_user(self.technician))
        form.name = "Noisy compressor"
        form.team_id = self.team
        form.partner_id = self.customer
        self.assertEqual(form.partner_email, "jane@customer.test")
        self.assertEqual(form.partner_phone, "+34 600 000 001")
        self.assertIn("Calle Mayor 1", form.partner_address)
        self.assertIn("Madrid", form.partner_address)
        self.assertNotIn("\n\n", form.partner_address, "no blank line for empty address parts")
        form.partner_phone = "+34 699 999 999"
        ticket = form.save()
        self.assertEqual(ticket.partner_phone, "+34 699 999 999")
        self.assertEqual(self.customer.phone, "+34 600 000 001", "the partner is not modified")
        self.assertEqual(ticket.stage_id, self.stage_new, "a new ticket starts in the first stage")
        self.assertEqual(ticket.channel, "phone")
        self.assertEqual(ticket.category, "A")

    def test_serial_restricted_to_product(self):
        product_ac = self.env["product.product"].create(
            {"name": "AC unit", "is_storable": True, "tracking": "serial"}
        )
        product_wm = self.env["product.product"].create(
            {"name": "Washing machine", "is_storable": True, "tracking": "serial"}
        )
        serial_ac = self.env["stock.lot"].create({"name": "AC-42", "product_id": product_ac.id})
        form = Form(self.env["after_sales.ticket"])
        form.name = "Leak"
        form.team_id = self.team
        form.lot_id = serial_ac
        self.assertEqual(form.product_id, product_ac, "the serial brings its product")
        form.product_id = product_wm
        self.assertFalse(form.lot_id, "a serial of another product is cleared")
        ticket = form.save()
        with self.assertRaises(ValidationError) as error:
            ticket.write({"lot_id": serial_ac.id, "product_id": product_wm.id})
        self.assertIn("AC-42 belongs to AC unit", str(error.exception))
        self.assertFalse(ticket.lot_id)
        self.assertEqual(ticket.product_id, product_wm)

    def test_assignee_must_be_team_member(self):
        ticket = self._create_ticket(user_id=self.technician.id)
        with self.assertRaises(ValidationError) as error:
            ticket.write({"user_id": self.outsider.id})
        self.assertIn("not a member of team Test Workshop", str(error.exception))
        self.assertEqual(ticket.user_id, self.technician, "nothing was written")
        with self.assertRaises(ValidationError):
            self._create_ticket(name="Outsider job", user_id=self.outsider.id)
        self.assertFalse(self.env["after_sales.ticket"].search([("name", "=", "Outsider job")]))
        self.team.leader_id = self.outsider
        ticket.user_id = self.outsider
        self.assertEqual(ticket.user_id, self.outsider, "the leader is a member of the team")

    def test_stage_of_another_team_refused(self):
        other_team = self.env["after_sales.team"].create({"name": "Other team"})
        other_stage = self.env["after_sales.stage"].create(
            {"name": "Other team's triage", "team_ids": [Command.link(other_team.id)]}
        )
        ticket = self._create_ticket()
        with self.assertRaises(ValidationError) as error:
            ticket.write({"stage_id": other_stage.id})
        self.assertIn("not used by team Test Workshop", str(error.exception))
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_assign_to_me_and_dashboard_counters(self):
        self._create_ticket(priority="3")
        ticket = self._create_ticket()
        self._create_ticket(stage_id=self.stage_solved.id)
        self.team.invalidate_recordset()
        self.assertEqual(self.team.open_ticket_count, 2)
        self.assertEqual(self.team.unassigned_ticket_count, 2)
        self.assertEqual(self.team.urgent_ticket_count, 1)
        ticket.with_user(self.technician).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.technician)
        self.team.invalidate_recordset()
        self.assertEqual(self.team.unassigned_ticket_count, 1)
        action = self.team.with_context(ticket_filter="unassigned").action_open_tickets()
        self.assertEqual(action["res_model"], "after_sales.ticket")
        self.assertEqual(action["context"]["search_default_team_id"], self.team.id)
        self.assertEqual(action["context"]["search_default_filter_unassigned"], 1)

    def test_bulk_create_query_count(self):
        """Creating tickets in one call costs a constant number of queries per ticket."""
        model = self.env["after_sales.ticket"]

        def create(count, tag):
            model.create(
                [
                    {
                        "name": f"{tag} {index}",
                        "team_id": self.team.id,
                        "partner_id": self.customer.id,
                    }
                    for index in range(count)
                ]
            )
            self.env.flush_all()

        create(5, "warm-up")
        small = self.count_queries(create, 20, "small")[1]
        bulk = self.count_queries(create, 200, "bulk")[1]
        per_ticket = (bulk - small) / 180
        _logger.info(
            "bulk create: 20 tickets %s queries, 200 tickets %s queries, %.2f per extra ticket",
            small,
            bulk,
            per_ticket,
        )
        # numbering costs two queries per ticket (yearly date range, nextval);
        # everything else is done once per batch
        self.assertLessEqual(per_ticket, 2.5, "bulk creation must not add queries per ticket")
        self.assertEqual(model.search_count([("name", "=like", "bulk %")]), 200)
