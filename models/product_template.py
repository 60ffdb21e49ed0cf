from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        help="Overrides the warranty policy of the product category.",
    )
    warranty_card_count = fields.Integer(
        compute="_compute_warranty_card_count", groups="after_sales.group_after_sales_user"
    )

    def _compute_warranty_card_count(self):
        counts = dict(
            self.env["after_sales.warranty.card"]._read_group(
                [("product_tmpl_id", "in", self.ids)],
                ["product_tmpl_id"],
                ["__count"],
            )
        )
        for template in self:
            template.warranty_card_count = counts.get(template, 0)

    def _after_sales_warranty_policy(self):
        """The product's own policy, else its category's."""
        self.ensure_one()
        return self.warranty_policy_id or self.categ_id._after_sales_warranty_policy()

    def action_view_warranty_cards(self):
        self.ensure_one()
        return self.env["after_sales.warranty.card"]._action_for_domain(
            [("product_tmpl_id", "=", self.id)]
        )
