from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    after_sales_ticket_count = fields.Integer(
        string="Service Tickets", compute="_compute_after_sales_counts"
    )
    warranty_card_count = fields.Integer(compute="_compute_after_sales_counts")
    after_sales_contract_count = fields.Integer(
        string="Maintenance Contracts",
        compute="_compute_after_sales_contract_count",
        groups="after_sales.group_after_sales_user,sales_team.group_sale_salesman",
    )

    def _compute_after_sales_counts(self):
        """Counts over the whole commercial entity, like Odoo's sales counters."""
        partners = self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.ids)]
        )
        tickets = dict(
            self.env["after_sales.ticket"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        cards = dict(
            self.env["after_sales.warranty.card"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            family = partners.filtered(
                lambda p, root=partner.commercial_partner_id: p.commercial_partner_id == root
            )
            partner.after_sales_ticket_count = sum(tickets.get(p, 0) for p in family)
            partner.warranty_card_count = sum(cards.get(p, 0) for p in family)

    def _compute_after_sales_contract_count(self):
        counts = dict(
            self.env["after_sales.contract"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.after_sales_contract_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_after_sales_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_contract"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_after_sales_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "after_sales.action_after_sales_ticket"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain(
            [("partner_id", "child_of", self.commercial_partner_id.id)]
        )
