"""Service tickets on the customer portal: their page under /my, shared links with
an access token (as Odoo's quotations), and requests made from the portal."""

from odoo import models


class AfterSalesTicket(models.Model):
    _name = "after_sales.ticket"
    _inherit = ["after_sales.ticket", "portal.mixin"]
    # customers reply from the portal (read access, their own tickets only)
    _mail_post_access = "read"

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/service-requests/{ticket.id}"
        return result

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Service Request %s", self.number)

    def _get_portal_return_action(self):
        """The backend opens the ticket itself from a portal link."""
        return self._get_records_action()
