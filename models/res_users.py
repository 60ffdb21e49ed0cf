from dateutil.relativedelta import relativedelta

from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    after_sales_van_location_id = fields.Many2one(
        "stock.location",
        string="Van Stock",
        domain="[('usage', '=', 'internal'), ('after_sales_customer_goods', '=', False)]",
        help="The stock this technician carries on site; spare parts used on site are "
        "taken from it (else from the team's van).",
    )
    after_sales_complaint_count = fields.Integer(
        string="Justified Complaints (12 months)",
        compute="_compute_after_sales_complaint_count",
        groups="after_sales.group_after_sales_manager",
        help="Complaints about this technician judged justified, opened in the last 12 months.",
    )

    def _after_sales_complaints_domain(self):
        return [
            ("ticket_type", "=", "complaint"),
            ("complaint_justified", "=", True),
            ("complaint_user_id", "in", self.ids),
            ("date_open", ">=", fields.Datetime.now() - relativedelta(months=12)),
        ]

    def _compute_after_sales_complaint_count(self):
        counts = dict(
            self.env["after_sales.ticket"]._read_group(
                self._after_sales_complaints_domain(), ["complaint_user_id"], ["__count"]
            )
        )
        for user in self:
            user.after_sales_complaint_count = counts.get(user, 0)

    def action_view_after_sales_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = self._after_sales_complaints_domain()
        action["context"] = {"create": False}
        action["views"] = [(False, "list"), (False, "form")]
        return action
