"""Service tickets: the three guarantees (repair, replace, refund), approval, override."""

from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .selections import (
    GUARANTEE_RESOLUTIONS,
    GUARANTEE_STATES,
)


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    # The three guarantees.
    guarantee_resolution = fields.Selection(
        GUARANTEE_RESOLUTIONS, string="Guarantee", copy=False, readonly=True, tracking=True
    )
    guarantee_state = fields.Selection(
        GUARANTEE_STATES, copy=False, readonly=True, tracking=True, index="btree_not_null"
    )
    guarantee_amount = fields.Monetary(
        string="Compensation",
        copy=False,
        readonly=True,
        help="Untaxed value of the replaced or refunded units, in company currency.",
    )
    guarantee_override_reason = fields.Text(
        string="Override Reason",
        copy=False,
        readonly=True,
        help="Why a manager granted a guarantee the warranty card's windows did not allow.",
    )
    guarantee_requested_by_id = fields.Many2one(
        "res.users", string="Guarantee Requested by", copy=False, readonly=True
    )
    guarantee_approved_by_id = fields.Many2one(
        "res.users", string="Guarantee Approved by", copy=False, readonly=True
    )

    def action_resolve_guarantee(self):
        """Open the three-guarantees wizard."""
        self.ensure_one()
        if not self.warranty_card_id:
            raise UserError(
                self.env._(
                    "Ticket %s has no warranty card: set the serial number or the "
                    "customer and product first.",
                    self.display_name,
                )
            )
        if self.guarantee_state in ("to_approve", "done"):
            raise UserError(
                self.env._("Ticket %s already has a guarantee resolution.", self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve under Guarantee"),
            "res_model": "after_sales.guarantee.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_approve_guarantee(self):
        self._check_guarantee_manager()
        pending = self.filtered(lambda ticket: ticket.guarantee_state == "to_approve")
        for ticket in pending:
            ticket._write_flow({"guarantee_approved_by_id": self.env.uid})
            ticket._apply_guarantee()
        pending.activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Guarantee approved.")
        )

    def action_refuse_guarantee(self):
        self._check_guarantee_manager()
        pending = self.filtered(lambda ticket: ticket.guarantee_state == "to_approve")
        pending._write_flow({"guarantee_state": "refused"})
        pending.activity_feedback(
            ["mail.mail_activity_data_todo"], feedback=self.env._("Guarantee refused.")
        )

    def _check_guarantee_manager(self):
        if not self.env.user.has_group("after_sales.group_after_sales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can approve or refuse a guarantee.")
            )

    def _guarantee_refusals(self):
        """Why each guarantee is not offered for this ticket (see the card's)."""
        self.ensure_one()
        return self.warranty_card_id._guarantee_refusals(
            fields.Date.to_date(self.date_open), customer_damage=self.customer_damage
        )

    def _guarantee_value(self, resolution):
        """The compensation a resolution gives the customer (repairs: none here)."""
        if resolution == "repair":
            return 0.0
        return self.warranty_card_id._unit_value()

    def _request_guarantee(self, resolution, override_reason=False):
        """Grant ``resolution``, or put it up for a manager's approval when its
        value is above the company's threshold.

        Refused options need an after-sales manager and a written reason.
        """
        self.ensure_one()
        is_manager = self.env.user.has_group("after_sales.group_after_sales_manager")
        refusal = self._guarantee_refusals()[resolution]
        if refusal:
            if not is_manager:
                raise UserError(
                    self.env._(
                        "%(reason)s Only an after-sales manager can grant it anyway.",
                        reason=refusal,
                    )
                )
            if not (override_reason or "").strip():
                raise UserError(
                    self.env._("%(reason)s Write down why you grant it anyway.", reason=refusal)
                )
        amount = self._guarantee_value(resolution)
        self._write_flow(
            {
                "guarantee_resolution": resolution,
                "guarantee_amount": amount,
                "guarantee_override_reason": refusal and override_reason.strip(),
                "guarantee_requested_by_id": self.env.uid,
                "guarantee_approved_by_id": False,
            }
        )
        if refusal:
            self.message_post(
                body=self.env._(
                    "Guarantee granted by %(manager)s outside the warranty terms "
                    "(%(refusal)s). Reason: %(reason)s",
                    manager=self.env.user.name,
                    refusal=refusal,
                    reason=self.guarantee_override_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        threshold = self.company_id.after_sales_approval_amount
        if not is_manager and threshold and self.currency_id.compare_amounts(amount, threshold) > 0:
            self._write_flow({"guarantee_state": "to_approve"})
            self._schedule_guarantee_approval()
            return
        if is_manager:
            self._write_flow({"guarantee_approved_by_id": self.env.uid})
        self._apply_guarantee()

    def _schedule_guarantee_approval(self):
        approver = (
            self.team_id.leader_id
            or self.env.ref("after_sales.group_after_sales_manager").users.filtered(
                lambda user: self.company_id in user.company_ids
            )[:1]
        )
        resolution = dict(self._fields["guarantee_resolution"]._description_selection(self.env))
        values = {
            "user": self.env.user.name,
            "amount": self.currency_id.format(self.guarantee_amount),
            "threshold": self.currency_id.format(self.company_id.after_sales_approval_amount),
        }
        # one whole sentence per resolution, so that each translates as a sentence
        notes = {
            "repair": self.env._(
                "%(user)s asks to repair a unit worth %(amount)s, above the "
                "%(threshold)s that needs a manager's approval.",
                **values,
            ),
            "replace": self.env._(
                "%(user)s asks to replace a unit worth %(amount)s, above the "
                "%(threshold)s that needs a manager's approval.",
                **values,
            ),
            "refund": self.env._(
                "%(user)s asks to refund a unit worth %(amount)s, above the "
                "%(threshold)s that needs a manager's approval.",
                **values,
            ),
        }
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=approver.id or self.env.uid,
            summary=self.env._("Approve guarantee: %s", resolution[self.guarantee_resolution]),
            note=escape(notes[self.guarantee_resolution]),  # names typed by users: text
        )

    def _apply_guarantee(self):
        """Create the documents of the granted guarantee and link them here."""
        self.ensure_one()
        card = self.warranty_card_id
        values = {"guarantee_state": "done"}
        if self.guarantee_resolution == "repair":
            values["ticket_type"] = "repair"
            self._write_flow(values)
            self.message_post(
                body=self.env._("Warranty repair granted on card %s.", card.number),
                subtype_xmlid="mail.mt_note",
            )
            return
        if not card.move_line_id:
            raise UserError(
                self.env._(
                    "Warranty card %s was not issued by a delivery: there is no unit "
                    "to take back. Resolve with a repair instead.",
                    card.number,
                )
            )
        refund = self.guarantee_resolution == "refund"
        credit_note = card._guarantee_credit_note(self) if refund else None
        documents = card._guarantee_return(self, to_refund=refund)
        if refund:
            body = self.env._(
                "Refund granted: return %(picking)s and draft credit note for %(amount)s.",
                picking=documents.name,
                # sudo: the requester may not read invoices; the amount is theirs to know
                amount=credit_note.sudo().currency_id.format(credit_note.sudo().amount_total),
            )
        else:
            replacement = card._guarantee_replacement_delivery(self)
            body = self.env._(
                "Replacement granted: return %(back)s and delivery %(out)s.",
                back=documents.name,
                out=", ".join(replacement.mapped("name")),
            )
        self._write_flow(values)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _withdraw_guarantee(self, document):
        """A document of a granted refund or replacement was cancelled: the
        guarantee no longer holds. The ticket forgets it (its category follows the
        card's coverage again), the guarantee's other documents still open are
        cancelled too (no unit travels, nothing is credited for a withdrawn guarantee),
        and the chatter says so, so that the service decides anew; a card already
        voided by the unit's return stays void."""
        granted = self.filtered(
            lambda ticket: (
                ticket.guarantee_state == "done"
                and ticket.guarantee_resolution in ("refund", "replace")
            )
        )
        if not granted:
            return
        granted._write_flow(
            {
                "guarantee_state": False,
                "guarantee_resolution": False,
                "guarantee_amount": 0.0,
                "guarantee_override_reason": False,
                "guarantee_requested_by_id": False,
                "guarantee_approved_by_id": False,
            }
        )
        # sudo: whoever cancelled one document (warehouse staff, accountant) ends the
        # guarantee's other documents, which they may not be allowed to open
        tickets = granted.sudo()
        tickets.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel")
                and (p.after_sales_claim_card_id or p.group_id.after_sales_claim_card_id)
            )
        ).action_cancel()
        tickets.invoice_ids.filtered(
            lambda move: move.move_type == "out_refund" and move.state == "draft"
        ).button_cancel()
        for ticket in granted:
            ticket.message_post(
                body=self.env._(
                    "%(document)s was cancelled: the guarantee is withdrawn. Resolve the "
                    "ticket again if the customer is still owed a refund or a replacement.",
                    document=document.display_name.strip(),
                ),
                subtype_xmlid="mail.mt_note",
            )
