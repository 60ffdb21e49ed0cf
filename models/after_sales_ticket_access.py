"""Service tickets: who may write what (workflow and audit fields, the opening date,
the free category)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Workflow and audit fields: the add-on's flows write them (as superuser), users never.
FLOW_FIELDS = frozenset(
    {
        "number",
        "guarantee_resolution",
        "guarantee_state",
        "guarantee_amount",
        "guarantee_override_reason",
        "guarantee_requested_by_id",
        "guarantee_approved_by_id",
        "response_date",
        "date_closed",
        "sla_pause_start",
        "sla_paused_hours",
        "sla_paused_working_hours",
        "sla_failure_notified",
        "onsite_sale_order_id",
        "acknowledgement_pending",
        "return_call_date",
        "return_call_done_on",
        "complaint_plan_date",
        "voucher_signed_on",
        "voucher_payment_id",
        "voucher_pdf_pending",
        "voucher_sent_on",
    }
)
# The manager's judgement of a complaint: whether it was justified and what followed.
MANAGER_FIELDS = frozenset({"complaint_justified", "complaint_followup", "complaint_followup_date"})
# What the customer signed on the service voucher: frozen once signed, as a posted
# invoice is (the signing flow writes them as superuser).
VOUCHER_FIELDS = frozenset(
    {
        "voucher_signature",
        "voucher_signed_by",
        "voucher_payment_amount",
        "voucher_payment_journal_id",
    }
)
# How far back a user who is not a manager may date a new ticket (a form left open).
BACKDATING_TOLERANCE = timedelta(hours=1)


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    def _write_flow(self, values):
        """Write workflow and audit fields (see FLOW_FIELDS) on behalf of the flow."""
        # sudo: users may not write these fields; the flow that calls this decides them
        return self.sudo().write(values)

    @api.model
    def _is_ticket_manager(self):
        return self.env.su or self.env.user.has_group("after_sales.group_after_sales_manager")

    @api.model
    def _check_user_values(self, vals, now, tickets=None):
        """Refuse what only the flows or a manager may write: workflow and audit fields
        (everybody), and the opening date, which starts the SLA clocks and measures the
        guarantee windows (users who are not managers)."""
        if self.env.su:
            return
        flow_fields = FLOW_FIELDS & set(vals)
        if flow_fields:
            raise AccessError(
                self.env._(
                    "%(fields)s of a ticket are kept by its workflow and cannot be written "
                    "by hand.",
                    fields=", ".join(sorted(self._fields[name].string for name in flow_fields)),
                )
            )
        if tickets is None:  # a new ticket: judged once it exists
            manager_fields = MANAGER_FIELDS & {name for name, value in vals.items() if value}
        else:  # un-judging (erasing a penalty) is judging too
            manager_fields = {
                name for name in MANAGER_FIELDS & set(vals) if tickets._value_changes(name, vals)
            }
        if manager_fields and not self._is_ticket_manager():
            raise AccessError(
                self.env._(
                    "Only after-sales managers judge a complaint (%(fields)s).",
                    fields=", ".join(sorted(self._fields[name].string for name in manager_fields)),
                )
            )
        signed = tickets.filtered("voucher_signed_on") if tickets is not None else tickets
        if signed and VOUCHER_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "The service voucher of ticket %s is signed: what the customer signed "
                    "can no longer change.",
                    signed[0].display_name,
                )
            )
        if "date_open" in vals and not self._is_ticket_manager():
            date_open = fields.Datetime.to_datetime(vals["date_open"])
            changed = (
                any(ticket.date_open != date_open for ticket in tickets)
                if tickets is not None
                else date_open and date_open < now - BACKDATING_TOLERANCE
            )
            if changed:
                raise AccessError(
                    self.env._(
                        "Only after-sales managers can change when a ticket was opened: it "
                        "starts the SLA clocks and the guarantee windows are measured from it."
                    )
                )

    def _value_changes(self, name, vals):
        """Whether writing ``vals[name]`` changes the field on any of these tickets."""
        field = self._fields[name]
        return any(
            field.convert_to_record(field.convert_to_cache(vals[name], ticket), ticket)
            != ticket[name]
            for ticket in self
        )

    @api.constrains("warranty_card_id", "contract_id", "partner_id", "product_id", "lot_id")
    def _check_coverage_is_the_customers(self):
        """A ticket is free (C) or under contract (B) only with the card or contract of
        its own customer, for its product and serial."""
        for ticket in self:
            customer = ticket.partner_id.commercial_partner_id
            card = ticket.warranty_card_id
            if card and (
                (customer and card.partner_id.commercial_partner_id != customer)
                or (ticket.product_id and card.product_id != ticket.product_id)
                or (card.lot_id and card.lot_id != ticket.lot_id)
            ):
                raise ValidationError(
                    self.env._(
                        "Warranty card %(card)s is not the card of %(customer)s's %(unit)s: "
                        "ticket %(ticket)s cannot be covered by it.",
                        card=card.display_name,
                        customer=customer.display_name or self.env._("the customer"),
                        unit=ticket.lot_id.name or ticket.product_id.display_name or "",
                        ticket=ticket.display_name,
                    )
                )
            contract = ticket.contract_id
            if contract and (
                (customer and contract.partner_id.commercial_partner_id != customer)
                or not any(line._covers(ticket) for line in contract.line_ids)
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s does not cover %(customer)s's %(unit)s: ticket "
                        "%(ticket)s cannot be under it.",
                        contract=contract.display_name,
                        customer=customer.display_name or self.env._("the customer"),
                        unit=ticket.lot_id.name or ticket.product_id.display_name or "",
                        ticket=ticket.display_name,
                    )
                )

    def _check_category_covered(self, vals_list):
        """Users who are not managers set category C (free) only on covered tickets."""
        if self._is_ticket_manager() or not any(vals.get("category") == "C" for vals in vals_list):
            return
        uncovered = self.filtered(
            lambda ticket: (
                ticket.category == "C"
                and not ticket.under_warranty
                and ticket.guarantee_state != "done"
            )
        )
        if uncovered:
            raise ValidationError(
                self.env._(
                    "Ticket %s is not covered by a warranty card: it cannot be made free "
                    "(category C) by hand. Ask an after-sales manager.",
                    uncovered[0].display_name,
                )
            )
