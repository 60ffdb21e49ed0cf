from odoo.tests import tagged

from .common import ServiceJobCase


@tagged("post_install", "-at_install")
class TestTicketFollowsItsWork(ServiceJobCase):
    """The ticket follows its work: first response and assignee when work starts, stages
    moved by the documents as the stages say, and each milestone logged with a link."""

    track_changes = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_waiting_parts = cls.env.ref("after_sales.stage_waiting_parts")

    def _unassigned_ticket(self, covered=True):
        self.serial_counter = getattr(self, "serial_counter", 0) + 1
        ticket = self._ticket(covered=covered, prefix=f"PRG{self.serial_counter}")
        ticket.user_id = False
        self.assertEqual(ticket.stage_id, self.stage_new)
        return ticket

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.subtype_id.internal).mapped("body")

    def _logged(self, ticket, text, record):
        link = f'data-oe-model="{record._name}" data-oe-id="{record.id}"'
        lines = [body for body in self._notes(ticket) if text in body and link in body]
        self.assertEqual(len(lines), 1, f"one line '{text}' linking {record.display_name}")

    def _receive(self, ticket):
        action = ticket.with_user(self.technician).action_receive_product()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        receipt.with_user(self.warehouse_user).button_validate()
        self.assertEqual(receipt.state, "done")
        return receipt

    def _return(self, ticket):
        action = ticket.with_user(self.technician).action_return_product()
        back = self.env["stock.picking"].browse(action["res_id"])
        back.move_ids.picked = True
        back.with_user(self.warehouse_user).button_validate()
        self.assertEqual(back.state, "done")
        return back

    def test_warranty_job_from_receipt_to_solved(self):
        ticket = self._unassigned_ticket()
        self.assertEqual(ticket.response_status, "ongoing")
        receipt = self._receive(ticket)
        self._logged(ticket, "Unit received", receipt)
        self.assertTrue(ticket.response_date, "fetching the unit is the first response")
        self.assertEqual(ticket.user_id, self.technician, "whoever started the work holds it")
        self.assertEqual(ticket.stage_id, self.stage_in_progress)

        repair = self._repair(ticket, parts=[(self.compressor, 1, False)])
        self._logged(ticket, "created", repair)
        self._logged(ticket, "confirmed", repair)
        self._finish(repair)
        self._logged(ticket, "started", repair)
        self._logged(ticket, "done", repair)
        self.assertEqual(ticket.stage_id, self.stage_in_progress, "the unit is still here")

        back = self._return(ticket)
        self._logged(ticket, "Unit returned", back)
        self.assertEqual(ticket.stage_id, self.stage_solved, "back home, nothing to bill")
        self.assertTrue(ticket.date_closed)
        self.assertEqual(ticket.response_status, "reached")

    def test_parts_short_waits_for_parts_then_back_in_progress(self):
        ticket = self._unassigned_ticket()
        self._receive(ticket)
        repair = self._repair(ticket, parts=[(self.compressor, 8, False)])  # 5 on the shelf
        self._logged(ticket, "waiting for spare parts", repair)
        self.assertEqual(ticket.stage_id, self.stage_waiting_parts)
        self.assertTrue(ticket.sla_pause_start, "waiting for parts pauses the SLA")
        self.env["stock.quant"]._update_available_quantity(self.compressor, self.stock_location, 5)
        repair.with_user(self.technician).action_repair_start()
        self.assertEqual(ticket.stage_id, self.stage_in_progress, "the parts came in")
        self.assertFalse(ticket.sla_pause_start)

    def test_paid_job_is_solved_once_invoiced_and_logs_the_payment(self):
        ticket = self._unassigned_ticket(covered=False)
        self._receive(ticket)
        repair = self._repair(ticket, parts=[(self.filter, 1, False)], hours=1.0)
        self._approve(repair)
        self._finish(repair)
        self._return(ticket)
        self.assertEqual(ticket.stage_id, self.stage_in_progress, "still to be billed")

        action = repair.with_user(self.accountant).action_after_sales_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(ticket.stage_id, self.stage_in_progress, "a draft bills nothing yet")
        invoice.with_user(self.accountant).action_post()
        self._logged(ticket, "posted", invoice)
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self._pay(invoice.with_user(self.accountant), invoice.amount_total)
        self.assertEqual(invoice.payment_state, "paid")
        self._logged(ticket, "paid", invoice)

    def test_stage_moves_follow_the_stage_settings(self):
        self.stage_solved.progress_event = False
        team_stage = self.env["after_sales.stage"].create(
            {
                "name": "Ready for pickup",
                "sequence": 35,
                "progress_event": "job_done",
                "team_ids": [(4, self.team.id)],
            }
        )
        other_team = self.env["after_sales.team"].create({"name": "Elsewhere"})
        self.env["after_sales.stage"].create(
            {
                "name": "Other team's done",
                "sequence": 34,
                "progress_event": "job_done",
                "team_ids": [(4, other_team.id)],
            }
        )
        ticket = self._unassigned_ticket()
        self._receive(ticket)
        self._finish(self._repair(ticket))
        self._return(ticket)
        self.assertEqual(ticket.stage_id, team_stage, "the team's own stage for the event")
        self.assertFalse(ticket.is_closed)

        self.stage_in_progress.progress_event = False
        untouched = self._unassigned_ticket()
        self._receive(untouched)
        self.assertEqual(untouched.stage_id, self.stage_new, "no stage asks for it")
        self.assertTrue(untouched.response_date)

    def test_labour_and_public_reply_are_the_first_response(self):
        by_labour = self._unassigned_ticket()
        self.env["after_sales.labour.line"].with_user(self.technician).create(
            {"ticket_id": by_labour.id, "hours": 0.5, "name": "Diagnosis on site"}
        )
        self.assertTrue(by_labour.response_date)
        self.assertEqual(by_labour.user_id, self.technician)
        self.assertEqual(by_labour.stage_id, self.stage_in_progress)

        by_reply = self._unassigned_ticket()
        by_reply.with_user(self.technician).message_post(
            body="We will come on Monday.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(by_reply.response_date)
        self.assertEqual(by_reply.user_id, self.technician)
        self.assertEqual(by_reply.stage_id, self.stage_new, "a reply moves no stage")

        by_outsider = self._unassigned_ticket()
        by_outsider.with_user(self.outsider).message_post(
            body="Forwarded to the workshop.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(by_outsider.response_date)
        self.assertFalse(by_outsider.user_id, "not a member of the ticket's team")
