from . import controllers
from . import models
from . import reports
from . import wizards


def _after_sales_post_init(env):
    """Warehouses that exist before the add-on get their operation type for parts
    used on site (new warehouses get it on creation)."""
    for warehouse in env["stock.warehouse"].search([("after_sales_parts_type_id", "=", False)]):
        warehouse._after_sales_parts_type()
