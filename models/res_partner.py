from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .selections import CUSTOMER_CLASSES

# Shares of the last 12 months' invoiced revenue that make class A, then class B.
CLASS_A_SHARE = 0.80
CLASS_B_SHARE = 0.95


class ResPartner(models.Model):
    _inherit = "res.partner"

    after_sales_class = fields.Selection(
        CUSTOMER_CLASSES,
        string="Customer Class",
        index=True,
        tracking=True,
        help="A: the customers making the first 80 % of the last 12 months' invoiced "
        "revenue, B: the next 15 %, C: the rest. Set by hand, or computed from the "
        "invoices in After-Sales settings; it sets how often key customers are visited.",
    )
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

    @api.model
    def _after_sales_compute_classes(self):
        """Class the customers of the current companies A, B or C by the last 12
        months' invoiced revenue (untaxed, credit notes deducted), in one grouped
        query; returns {class: partners}."""
        since = fields.Date.context_today(self) - relativedelta(months=12)
        # sudo: the service manager classes customers by revenue they may not read
        revenue = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("invoice_date", ">=", since),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["commercial_partner_id"],
                ["amount_untaxed_signed:sum"],
            )
        )
        ranked = sorted(
            ((partner, amount) for partner, amount in revenue if amount > 0),
            key=lambda row: row[1],
            reverse=True,
        )
        total = sum(amount for _partner, amount in ranked)
        classes = {"A": self.browse(), "B": self.browse(), "C": self.browse()}
        cumulated = 0.0
        for partner, amount in ranked:
            share_before = cumulated / total
            cumulated += amount
            if share_before < CLASS_A_SHARE:
                classes["A"] |= partner
            elif share_before < CLASS_B_SHARE:
                classes["B"] |= partner
            else:
                classes["C"] |= partner
        for customer_class, partners in classes.items():
            if partners:
                # sudo: the class is computed from revenue, not typed; the service
                # manager who runs it may not edit contacts
                partners.sudo().write({"after_sales_class": customer_class})
        return {key: partners.sudo(False) for key, partners in classes.items()}
