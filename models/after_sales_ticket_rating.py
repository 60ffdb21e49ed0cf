"""The satisfaction rating (Odoo's rating mixin): the customer rates the ticket, the
team averages its ratings, and a dissatisfied rating opens a complaint."""

from odoo import models
from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK


class AfterSalesTicket(models.Model):
    _name = "after_sales.ticket"
    _inherit = ["after_sales.ticket", "rating.mixin"]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_ratings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ratings"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["views"] = [(False, "list"), (False, "form")]
        return action

    # ------------------------------------------------------------------
    # Rating mixin hooks
    # ------------------------------------------------------------------

    def _rating_get_partner(self):
        return self.partner_id

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _rating_get_parent_field_name(self):
        return "team_id"

    def rating_apply(self, rate, token=None, rating=None, feedback=None, **kwargs):
        """A dissatisfied rating (the sad face) opens a complaint about the ticket."""
        result = super().rating_apply(rate, token=token, rating=rating, feedback=feedback, **kwargs)
        if rate < RATING_LIMIT_OK:
            # sudo: the customer rates on a public page; the complaint is the team's
            self.sudo().filtered(lambda ticket: not ticket.complaint_ids)._open_complaint(
                self.env._("Dissatisfied rating: %s", feedback or self.env._("no comment"))
            )
        return result
