from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    warranty_policy_id = fields.Many2one(
        "after_sales.warranty.policy",
        help="Default warranty of the category's products; subcategories inherit it.",
    )

    def _after_sales_warranty_policy(self):
        """The policy of the category or of its nearest parent that has one."""
        self.ensure_one()
        category = self
        while category and not category.warranty_policy_id:
            category = category.parent_id
        return category.warranty_policy_id
