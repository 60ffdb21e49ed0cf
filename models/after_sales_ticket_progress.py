"""Service tickets follow their work: starting it is the first response and gives the
ticket an assignee, the linked documents move it along its team's stages, and each of
their milestones leaves one line, with a link, in the ticket's chatter."""

from odoo import SUPERUSER_ID, fields, models


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    def _after_sales_work_started(self, move_stage=True):
        """Work on these tickets started (unit received, repair created, labour or parts
        recorded, a public reply): it is their first response, the user who started it
        takes the open tickets nobody holds in the teams they belong to, and the tickets
        leave the first stage for the team's *work started* stage."""
        user = self.env.user
        now = fields.Datetime.now()
        can_take = user._is_internal() and user.id != SUPERUSER_ID
        # sudo: the workflow keeps the response date and assignee of the tickets
        # whose work this user (a technician, or warehouse staff) just did
        for ticket in self.sudo():
            values = {}
            if not ticket.response_date:
                values["response_date"] = now
            if (
                can_take
                and not ticket.user_id
                and not ticket.is_closed
                and (not ticket.team_id or user in ticket.team_id.member_ids)
            ):
                values["user_id"] = user.id
            if values:
                ticket._write_flow(values)
        if move_stage:
            self._after_sales_progress("work_started")

    def _after_sales_progress(self, event, backwards=False):
        """Move the open tickets to their team's stage for ``event`` (see the stages'
        *Move Tickets Here When*). ``work_started`` only moves tickets forward (out of
        the first stage), unless ``backwards`` (a repair starting once its parts are in)."""
        # sudo: stages move with the documents, whoever validates them
        tickets = self.sudo().filtered(lambda ticket: not ticket.is_closed)
        if not tickets:
            return
        stages = self.env["after_sales.stage"].sudo().search([("progress_event", "=", event)])
        for ticket in tickets:
            target = next((stage for stage in stages if ticket._stage_allowed(stage)), None)
            if not target or target == ticket.stage_id:
                continue
            order = (ticket.stage_id.sequence, ticket.stage_id.id)
            if event == "work_started" and not backwards and order > (target.sequence, target.id):
                continue
            ticket.stage_id = target

    def _after_sales_check_job_done(self):
        """Close the tickets whose unit is back and that have nothing left to bill."""
        finished = self.sudo().filtered(
            lambda ticket: not ticket.is_closed and ticket._after_sales_job_finished()
        )
        finished._after_sales_progress("job_done")

    def _after_sales_job_finished(self):
        """The unit (if it came in) is back with its customer, every repair is done,
        and what the customer pays for is invoiced."""
        self.ensure_one()
        unit_transfers = self.picking_ids.filtered(
            lambda picking: picking.after_sales_goods_flow in ("in", "out")
        )
        if unit_transfers.filtered(lambda picking: picking.state not in ("done", "cancel")):
            return False
        receipts = unit_transfers.filtered(
            lambda picking: picking.after_sales_goods_flow == "in" and picking.state == "done"
        )
        if any(receipt.after_sales_return_picking_id.state != "done" for receipt in receipts):
            return False
        repairs = self.repair_ids.filtered(lambda repair: repair.state != "cancel")
        if not (receipts or repairs) or any(repair.state != "done" for repair in repairs):
            return False
        unbilled_repairs = repairs.filtered(
            lambda repair: (
                repair.after_sales_billable
                and (
                    not repair.sale_order_id
                    or repair.sale_order_id.invoice_status == "to invoice"
                    or not repair.sale_order_id.invoice_ids.filtered(
                        lambda move: move.state == "posted"
                    )
                )
            )
        )
        draft_invoices = self.invoice_ids.filtered(lambda move: move.state == "draft")
        return not (unbilled_repairs or draft_invoices or self.onsite_to_invoice)

    def _job_parts_used(self, picking):
        """Parts used on site are work done: the ticket's first response."""
        result = super()._job_parts_used(picking)
        self._after_sales_work_started()
        return result
