"""Odoo's own flows with nothing of after-sales service in them: a repair made in the
Repair app, and an order of a product without warranty delivered and invoiced.

Each step is done by the persona who does it in Odoo alone and its SQL queries are
counted. The add-on's tests run these flows with after_sales installed;
`bench/bench_odoo_alone.py` runs them on a database of Odoo alone (the add-on's
dependencies only), which is where the counts in ``ODOO_ALONE_QUERIES`` come from.
Only Odoo's API is used here, so that both databases run the very same code.
"""

from odoo import Command

# Queries per step in Odoo alone (the add-on's dependencies only), measured by
# bench/bench_odoo_alone.py (`make bench`) on the second run of each flow (caches warm,
# sequences opened), on a database without demo data and on one with it.
ODOO_ALONE_QUERIES = {
    "without_demo": {
        "repair_create": 50,
        "repair_confirm": 30,
        "repair_quote": 52,
        "repair_start": 1,
        "repair_end": 38,
        "repair_order_confirm": 9,
        "repair_invoice": 103,
        "repair_invoice_post": 51,
        "sale_confirm": 87,
        "sale_deliver": 48,
        "sale_invoice": 64,
        "sale_invoice_post": 27,
    },
    "with_demo": {
        "repair_create": 50,
        "repair_confirm": 30,
        "repair_quote": 52,
        "repair_start": 1,
        "repair_end": 38,
        "repair_order_confirm": 9,
        "repair_invoice": 104,
        "repair_invoice_post": 51,
        "sale_confirm": 87,
        "sale_deliver": 48,
        "sale_invoice": 64,
        "sale_invoice_post": 27,
    },
}


def demo_loaded(env):
    """The key of ``ODOO_ALONE_QUERIES`` that fits the database."""
    base = env["ir.module.module"].search([("name", "=", "base")])
    return "with_demo" if base.demo else "without_demo"


def count_queries(env, function, *args, **kwargs):
    """Run ``function``; return its result and the SQL queries it ran, pending
    writes flushed on both sides."""
    env.flush_all()
    before = env.cr.sql_log_count
    result = function(*args, **kwargs)
    env.flush_all()
    return result, env.cr.sql_log_count - before


def _user(env, login, name, groups):
    """A user with only ``groups`` (XML ids), as an administrator creates one."""
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": login,
                "name": name,
                "email": f"{login}@example.com",
                "groups_id": [Command.set([env.ref(group).id for group in groups])],
            }
        )
    )


def make_personas(env, suffix=""):
    """The people of Odoo's own flows, each with the groups of their job only."""
    return {
        # Odoo's Repair app has no group of its own: its users are Inventory users;
        # quoting a repair takes Sales rights
        "repair_user": _user(
            env,
            f"odoo_repair_user{suffix}",
            "Repair Rita",
            ["base.group_user", "stock.group_stock_user", "sales_team.group_sale_salesman"],
        ),
        "warehouse_user": _user(
            env,
            f"odoo_warehouse_user{suffix}",
            "Warehouse Wes",
            ["base.group_user", "stock.group_stock_user"],
        ),
        "salesperson": _user(
            env,
            f"odoo_salesperson{suffix}",
            "Salesperson Sam",
            ["base.group_user", "sales_team.group_sale_salesman"],
        ),
        "accountant": _user(
            env,
            f"odoo_accountant{suffix}",
            "Accountant Abe",
            ["base.group_user", "account.group_account_invoice"],
        ),
    }


def make_goods(env, suffix=""):
    """A customer, a unit to repair, a spare part and a product to sell (in stock),
    none of them with a warranty policy."""
    category = env["product.category"].create({"name": f"Hardware{suffix}"})
    customer = env["res.partner"].create({"name": f"Walk-in Customer{suffix}"})
    unit = env["product.product"].create(
        {"name": f"Coffee machine{suffix}", "type": "consu", "categ_id": category.id}
    )
    part, goods = env["product.product"].create(
        [
            {
                "name": f"Gasket{suffix}",
                "is_storable": True,
                "list_price": 12.0,
                "categ_id": category.id,
            },
            {
                "name": f"Office chair{suffix}",
                "is_storable": True,
                "list_price": 80.0,
                "categ_id": category.id,
            },
        ]
    )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    for product in part | goods:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
    return {"customer": customer, "unit": unit, "part": part, "goods": goods}


def _invoice_order(order, salesperson, accountant):
    """The salesperson invoices what the order delivered, the accountant posts it."""
    wizard = (
        order.env["sale.advance.payment.inv"]
        .with_user(salesperson)
        .with_context(active_model="sale.order", active_ids=order.ids)
        .create({"advance_payment_method": "delivered"})
    )
    wizard.create_invoices()
    return order.invoice_ids.with_user(accountant)


def repair_flow(env, personas, goods):
    """A repair made in the Repair app, without any ticket: confirmed, quoted, done,
    its quotation confirmed and invoiced. Returns (repair, {step: queries})."""
    user_env = env(user=personas["repair_user"])
    counts = {}
    repair, counts["repair_create"] = count_queries(
        env,
        user_env["repair.order"].create,
        {
            "partner_id": goods["customer"].id,
            "product_id": goods["unit"].id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": goods["part"].id,
                        "product_uom_qty": 2.0,
                        "repair_line_type": "add",
                    }
                )
            ],
        },
    )
    _result, counts["repair_confirm"] = count_queries(env, repair.action_validate)
    _result, counts["repair_quote"] = count_queries(env, repair.action_create_sale_order)
    _result, counts["repair_start"] = count_queries(env, repair.action_repair_start)
    repair.move_ids.picked = True
    _result, counts["repair_end"] = count_queries(env, repair.action_repair_end)
    order = repair.sale_order_id
    _result, counts["repair_order_confirm"] = count_queries(env, order.action_confirm)
    # the quotation is the repair user's own (they made it): they invoice it
    invoice, counts["repair_invoice"] = count_queries(
        env, _invoice_order, order, personas["repair_user"], personas["accountant"]
    )
    _result, counts["repair_invoice_post"] = count_queries(env, invoice.action_post)
    return repair, counts


def sale_flow(env, personas, goods):
    """A salesperson's order of a product without warranty, delivered by the
    warehouse and invoiced. Returns (order, {step: queries})."""
    counts = {}
    order = (
        env["sale.order"]
        .with_user(personas["salesperson"])
        .create(
            {
                "partner_id": goods["customer"].id,
                "order_line": [
                    Command.create({"product_id": goods["goods"].id, "product_uom_qty": 3.0})
                ],
            }
        )
    )
    _result, counts["sale_confirm"] = count_queries(env, order.action_confirm)
    picking = order.picking_ids.with_user(personas["warehouse_user"])

    def deliver():
        picking.move_ids.quantity = 3.0
        picking.move_ids.picked = True
        return picking.button_validate()

    _result, counts["sale_deliver"] = count_queries(env, deliver)
    invoice, counts["sale_invoice"] = count_queries(
        env, _invoice_order, order, personas["salesperson"], personas["accountant"]
    )
    _result, counts["sale_invoice_post"] = count_queries(env, invoice.action_post)
    return order, counts


def measured_flows(env):
    """Both flows twice, each time with personas and goods of their own; returns the
    second run's repair, order and queries per step (the first run opens the year's
    sequences and fills Odoo's caches, which a live database has long done)."""
    for run in ("1", "2"):
        personas = make_personas(env, suffix=f"_run{run}")
        goods = make_goods(env, suffix=f" (run {run})")
        repair, counts = repair_flow(env, personas, goods)
        order, sale_counts = sale_flow(env, personas, goods)
        counts.update(sale_counts)
    return repair, order, counts
