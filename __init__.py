from . import controllers
from . import demo
from . import models
from . import reports
from . import wizards


def _after_sales_post_init(env):
    """Warehouses that exist before the add-on get their operation type for parts
    used on site (new warehouses get it on creation)."""
    for warehouse in env["stock.warehouse"].search([("after_sales_parts_type_id", "=", False)]):
        warehouse._after_sales_parts_type()


def _after_sales_uninstall(env):
    """Let Odoo's uninstall remove the add-on's records cleanly. The records of its
    own models (stages, policies, the demo's tickets, ...) go with their tables, and
    the aliases of its teams with the tickets model: their external ids are dropped
    first, so that Odoo does not delete them one by one while tickets, cards and
    visits still refer to them. The activities of the add-on's types, return calls on
    contacts included, and its numbering sequences end with it."""
    activity_types = env["ir.model.data"].search(
        [("module", "=", "after_sales"), ("model", "=", "mail.activity.type")]
    )
    env["mail.activity"].search(
        [("activity_type_id", "in", activity_types.mapped("res_id"))]
    ).unlink()
    env["ir.model.data"].search(
        [("module", "=", "after_sales"), ("model", "=like", "after\\_sales.%")]
    ).unlink()
    # the aliases of its teams go with the tickets model, the sequences it made per
    # company with their documents
    env["ir.model.data"].search(
        [
            ("module", "=", "after_sales"),
            ("model", "=", "mail.alias"),
            (
                "res_id",
                "in",
                env["mail.alias"]
                .search([("alias_model_id.model", "=like", "after\\_sales.%")])
                .ids,
            ),
        ]
    ).unlink()
    env["ir.sequence"].search([("code", "=like", "after\\_sales.%")]).unlink()
