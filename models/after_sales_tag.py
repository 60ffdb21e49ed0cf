from random import randint

from odoo import fields, models


class AfterSalesTag(models.Model):
    _name = "after_sales.tag"
    _description = "After-Sales Ticket Tag"
    _order = "name"

    name = fields.Char(required=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A tag with this name already exists."),
    ]
