"""Service tickets: the customer's acknowledgement of a new request, rendered and
queued in batches by a scheduled action triggered at once, not inside the request
that creates the tickets (an email gateway, the portal, an import)."""

from datetime import timedelta

from odoo import api, fields, models

# How many acknowledgements one run renders (the rest are left to the next run).
ACKNOWLEDGEMENT_BATCH = 500
# New requests of the next seconds share one run (a run per request would compete
# with the requests themselves for the workers).
ACKNOWLEDGEMENT_DELAY = timedelta(seconds=30)


class AfterSalesTicket(models.Model):
    _inherit = "after_sales.ticket"

    acknowledgement_pending = fields.Boolean(
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The acknowledgement of the first stage is still to be sent.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        to_acknowledge = tickets.filtered(lambda ticket: ticket.stage_id.mail_template_id)
        if to_acknowledge:
            to_acknowledge._write_flow({"acknowledgement_pending": True})
            self.env.ref("after_sales.ir_cron_ticket_acknowledgement")._trigger(
                fields.Datetime.now() + ACKNOWLEDGEMENT_DELAY
            )
        return tickets

    def _track_template(self, changes):
        """The first stage's email of a new ticket goes with the batch (see above)."""
        result = super()._track_template(changes)
        if self[:1].acknowledgement_pending:
            result.pop("stage_id", None)
        return result

    @api.model
    def _cron_send_acknowledgements(self):
        """Render and queue the pending acknowledgements, one batch per template; the
        mail queue sends them. Tickets nobody could send to or from are let go."""
        # sudo: a technical run over every company's new tickets
        pending = self.sudo().search(
            [("acknowledgement_pending", "=", True)], limit=ACKNOWLEDGEMENT_BATCH
        )
        sendable = pending.filtered(
            lambda t: (
                t.stage_id.mail_template_id
                and (t.partner_id.email or t.partner_email)
                and (t.company_id.email or t.create_uid.email)
            )
        )
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        for template in sendable.stage_id.mail_template_id:
            batch = sendable.filtered(lambda t, tpl=template: t.stage_id.mail_template_id == tpl)
            # one composer for the batch: the template is rendered for all at once
            composer = (
                self.env["mail.compose.message"]
                .with_context(
                    default_composition_mode="comment",
                    default_model=self._name,
                    default_res_ids=batch.ids,
                    default_template_id=template.id,
                )
                .create(
                    {
                        "message_type": "notification",
                        "subtype_id": note,
                        "email_layout_xmlid": "mail.mail_notification_light",
                        "force_send": False,
                    }
                )
            )
            composer._action_send_mail()
        pending._write_flow({"acknowledgement_pending": False})
        if len(pending) == ACKNOWLEDGEMENT_BATCH:
            self.env.ref("after_sales.ir_cron_ticket_acknowledgement")._trigger()
        return pending
