from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        help="Overrides the warranty policy of the product category.",
    )

    def _after_sales_warranty_policy(self):
        """The product's own policy, else its category's."""
        self.ensure_one()
        return self.warranty_policy_id or self.categ_id._after_sales_warranty_policy()
