"""Customer visits: the report of a finished visit, printed and mailed by the
scheduled action that finishing triggers (not inside the request that finishes it)."""

from odoo import api, models

# How many finished visits' reports one run prints (the rest are left to the next).
DOCUMENTS_BATCH = 100


class AfterSalesVisit(models.Model):
    _inherit = "after_sales.visit"

    @api.model
    def _cron_send_reports(self):
        """Print and mail the reports of the visits finished since the last run, each
        as the user who finished it."""
        # sudo: a technical run over every company's finished visits
        pending = self.sudo().search([("report_pending", "=", True)], limit=DOCUMENTS_BATCH)
        for user, visits in pending.grouped("write_uid").items():
            visits.with_user(user).with_company(visits.company_id[:1])._send_report()
        pending._write_flow({"report_pending": False})
        if len(pending) == DOCUMENTS_BATCH:
            self.env.ref("after_sales.ir_cron_signed_documents")._trigger()
        return pending

    def _send_report(self):
        """Mail the customer the visit report (PDF attached), posted in the chatter."""
        template = self.env.ref("after_sales.mail_template_visit_report")
        reports = self.env["ir.actions.report"]
        printable = reports._after_sales_prints_pdf()
        for visit in self:
            if visit.partner_id.email and (visit.company_id.email or self.env.user.email):
                # without a printer the mail goes without its attachment (none given)
                extra = {} if printable else {"attachment_ids": []}
                visit.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment", **extra
                )
            elif printable:  # nobody to mail: the report is still kept with the visit
                visit.message_post(
                    body=self.env._("Visit report"),
                    attachments=[
                        (
                            f"{visit.number}.pdf",
                            reports._after_sales_pdf("after_sales.report_visit", visit.ids),
                        )
                    ],
                    subtype_xmlid="mail.mt_note",
                )
            if not printable:
                visit.message_post(
                    body=self.env._(
                        "Visit report not attached: this server cannot print PDFs until "
                        "wkhtmltopdf is installed. Print it from the visit then."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
