"""Customer visits: who may write what. Technicians work their own visits (or take an
unassigned one) until they are finished; the workflow's fields change only through
its buttons; a finished visit's sign-off is frozen for everybody, as a posted invoice
is. The rules hold for any write, not only for the buttons."""

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

# Kept by the workflow (the buttons, the planner): never written by hand.
VISIT_FLOW_FIELDS = frozenset({"state", "date_done", "signed_on", "report_pending"})
# What the customer signed: frozen once the visit is finished.
VISIT_SIGN_OFF_FIELDS = frozenset({"signature", "signed_by", "no_signature_reason", "findings"})
VISIT_CLOSED_STATES = ("done", "cancelled")


def check_job_links(job, job_name, lots):
    """Of a visit or a visit plan (``job``): the technician works for the company, the
    contract and the units are the customer's."""
    job.ensure_one()
    customer = job.partner_id.commercial_partner_id
    if job.user_id and job.company_id not in job.user_id.company_ids:
        raise ValidationError(
            job.env._(
                "%(technician)s does not work for %(company)s: %(job)s needs one of its "
                "technicians.",
                technician=job.user_id.name,
                company=job.company_id.name,
                job=job_name,
            )
        )
    if job.contract_id and job.contract_id.partner_id.commercial_partner_id != customer:
        raise ValidationError(
            job.env._(
                "Contract %(contract)s is not %(customer)s's: %(job)s cannot be under it.",
                contract=job.contract_id.display_name,
                customer=customer.display_name,
                job=job_name,
            )
        )
    if lots:
        # sudo: the cards of the units, whoever may read them, say whose they are
        cards = (
            job.env["after_sales.warranty.card"]
            .sudo()
            .search([("lot_id", "in", lots.ids), ("state", "!=", "void")])
        )
        others = cards.filtered(lambda card: card.partner_id.commercial_partner_id != customer)
        if others:
            raise ValidationError(
                job.env._(
                    "Serial %(serial)s is %(owner)s's unit: %(job)s of %(customer)s "
                    "cannot include it.",
                    serial=others[0].lot_id.name,
                    owner=others[0].partner_id.display_name,
                    job=job_name,
                    customer=customer.display_name,
                )
            )


class AfterSalesVisit(models.Model):
    _inherit = "after_sales.visit"

    @api.constrains("company_id", "partner_id", "user_id", "contract_id", "lot_ids")
    def _check_visit_links(self):
        """A visit is the customer's, under their own contract, of their own units, by
        a technician of the visit's company."""
        for visit in self:
            check_job_links(visit, visit.display_name, visit.lot_ids)

    @api.model
    def _is_visit_manager(self):
        return self.env.su or self.env.user.has_group("after_sales.group_after_sales_manager")

    def _write_flow(self, values):
        """Write the workflow's fields (VISIT_FLOW_FIELDS) on behalf of its buttons,
        which check who may press them."""
        # sudo: users may not write these fields by hand; the calling flow decides them
        return self.sudo().write(values)

    @api.model
    def _check_user_create_values(self, vals_list):
        """A technician creates planned visits for themselves (or for nobody)."""
        if self._is_visit_manager():
            return
        for vals in vals_list:
            if vals.get("state", "planned") != "planned" or {"date_done", "signed_on"} & {
                name for name, value in vals.items() if value
            }:
                raise AccessError(
                    self.env._("A new visit is planned: its progress is kept by its buttons.")
                )
            if vals.get("user_id") not in (None, False, self.env.uid):
                raise AccessError(
                    self.env._("Only after-sales managers plan visits for other technicians.")
                )

    def _check_user_write_values(self, vals):
        if self.env.su:
            return
        flow_fields = VISIT_FLOW_FIELDS & set(vals)
        if flow_fields:
            raise AccessError(
                self.env._(
                    "%(fields)s of a visit are kept by its buttons (Start, Finish, Cancel) "
                    "and cannot be written by hand.",
                    fields=", ".join(sorted(self._fields[name].string for name in flow_fields)),
                )
            )
        signed_off = self.filtered(lambda visit: visit.state == "done")
        frozen = VISIT_SIGN_OFF_FIELDS & set(vals)
        if signed_off and frozen:
            raise AccessError(
                self.env._(
                    "Visit %(visit)s is finished: what the customer signed off "
                    "(%(fields)s) can no longer change.",
                    visit=signed_off[0].display_name,
                    fields=", ".join(sorted(self._fields[name].string for name in frozen)),
                )
            )
        if self._is_visit_manager():
            return
        self._check_own_visit()
        closed = self.filtered(lambda visit: visit.state in VISIT_CLOSED_STATES)
        if closed:
            raise AccessError(
                self.env._(
                    "Visit %s is closed: only an after-sales manager can change it.",
                    closed[0].display_name,
                )
            )
        if vals.get("user_id") not in (None, False, self.env.uid):
            raise AccessError(
                self.env._("Only after-sales managers give a visit to another technician.")
            )
