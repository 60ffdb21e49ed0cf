from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .selections import CUSTOMER_CLASSES

# Shares of the last 12 months' invoiced revenue that make class A, then class B.
CLASS_A_SHARE = 0.80
CLASS_B_SHARE = 0.95


# How often key customers of each class are called back, unless set in Settings.
# Key customers, called back at their class's rhythm (Settings).
KEY_CUSTOMER_CLASSES = ("A", "B", "C")
RETURN_CALL_STEPS = {
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "half_yearly": relativedelta(months=6),
    "yearly": relativedelta(years=1),
}


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
    after_sales_next_return_call = fields.Date(
        string="Next Return Call",
        copy=False,
        index="btree_not_null",
        help="When this key customer is next called to ask how our service is going "
        "(their class's rhythm in After-Sales settings).",
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

    @api.model
    def _cron_key_customer_return_calls(self):
        """Key customers (class A, B, C) are called back at their class's rhythm
        (Settings): one Return Call activity each when due, for their salesperson or
        the default team's leader, then the next date moves on. Returns the
        customers called."""
        today = fields.Date.context_today(self)
        setting = self.env["res.config.settings"]._after_sales_setting
        rhythm = {
            customer_class: setting(f"after_sales_return_call_every_{customer_class.lower()}")
            for customer_class in KEY_CUSTOMER_CLASSES
        }
        classes = [customer_class for customer_class, every in rhythm.items() if every != "never"]
        # sudo: a scheduled action schedules calls on contacts whoever runs it
        customers = self.sudo().search(
            [
                ("after_sales_class", "in", classes),
                ("is_company", "=", True),
                "|",
                ("after_sales_next_return_call", "=", False),
                ("after_sales_next_return_call", "<=", today),
            ]
        )
        activity_type = self.env.ref("after_sales.mail_activity_type_return_call")
        model_id = self.env["ir.model"]._get_id(self._name)
        leader = self.env.company.after_sales_default_team_id.leader_id
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": customer.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (customer.user_id or leader or self.env.user).id,
                    "summary": self.env._(
                        "Key customer (%s): how is our service?", customer.after_sales_class
                    ),
                    "date_deadline": today,
                }
                for customer in customers
            ]
        )
        by_next_date = defaultdict(list)
        for customer in customers:
            by_next_date[today + RETURN_CALL_STEPS[rhythm[customer.after_sales_class]]].append(
                customer.id
            )
        for next_date, ids in by_next_date.items():
            self.sudo().browse(ids).write({"after_sales_next_return_call": next_date})
        return customers
