# pylint: disable=print-used
"""Uninstall after_sales from a database, check that Odoo's own apps are whole and
work, then install it again.

Usage: uninstall_check.py --database DB --addons-path PATHS [--data-dir DIR]

Run by `make uninstall-check` on the demo database (CI does, after the demo's
update). After the uninstall: nothing of after_sales is left (records of its data,
models, fields, columns of the tables it extended), every view, menu and record rule
of the remaining apps loads, and a repair and a sale (tests/odoo_flows.py) go from
quotation to invoice, their delivery validated. Then after_sales installs again.
Each step prints one line; the first problem ends the run with exit status 1.
"""

import argparse
import importlib.util
import os
import sys

import odoo
from odoo.tools import SQL, config

ADDON = "after_sales"
FLOWS_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "tests", "odoo_flows.py")
# The models of Odoo's apps that after_sales extends: their views and tables are
# checked after the uninstall.
EXTENDED_MODELS = [
    "account.move",
    "procurement.group",
    "product.category",
    "product.template",
    "repair.order",
    "res.company",
    "res.config.settings",
    "res.partner",
    "res.users",
    "sale.order",
    "sale.order.line",
    "stock.location",
    "stock.lot",
    "stock.move",
    "stock.picking",
    "stock.warehouse",
]

# Models of the add-on's views, menus, actions, rules, groups, templates, ... none of
# whose records may be left behind.
TECHNICAL_PREFIXES = (f"{ADDON}.", "ir.", "res.groups", "mail.", "report.", "digest.")


class CheckFailed(Exception):
    """What is wrong, in one sentence."""


def step(message):
    print(f"uninstall check: {message}", flush=True)


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def with_env(database, function, *args):
    """Run ``function(env, *args)`` in a registry loaded afresh, as a new server would."""
    registry = odoo.modules.registry.Registry.new(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        return function(env, *args)


def module_state(env):
    return env["ir.module.module"].search([("name", "=", ADDON)]).state


def uninstall(env):
    """Uninstall the add-on; returns the columns its fields added to Odoo's tables."""
    check(module_state(env) == "installed", f"{ADDON} is not installed in this database.")
    field_ids = (
        env["ir.model.data"]
        .search([("module", "=", ADDON), ("model", "=", "ir.model.fields")])
        .mapped("res_id")
    )
    columns = [
        (env[field.model]._table, field.name)
        for field in env["ir.model.fields"].browse(field_ids)
        if field.store
        and not field.model.startswith(f"{ADDON}.")
        and field.ttype
        not in (
            "one2many",
            "many2many",
        )
    ]
    env["ir.module.module"].search([("name", "=", ADDON)]).button_immediate_uninstall()
    return columns


def check_nothing_left(env, columns):
    check(module_state(env) == "uninstalled", f"{ADDON} is still {module_state(env)}.")
    leftovers = env["ir.model.data"].search([("module", "=", ADDON)])
    technical = leftovers.filtered(
        lambda data: data.model.startswith(TECHNICAL_PREFIXES) or data.model not in env
    )
    check(
        not technical,
        f"records of {ADDON}'s data left: {', '.join(technical.mapped('complete_name'))}.",
    )
    if leftovers:
        # as Odoo does for any add-on: records of its demo data that Odoo's own
        # documents (stock moves, invoices) use are kept, with their external ids
        step(
            f"kept, as Odoo keeps them, {len(leftovers)} demo records that Odoo's documents "
            f"use: {', '.join(sorted(set(leftovers.mapped('model'))))}"
        )
    models = env["ir.model"].search([("model", "=like", f"{ADDON}.%")])
    check(not models, f"models left: {', '.join(models.mapped('model'))}.")
    fields = env["ir.model.fields"].search([("name", "=like", f"{ADDON}_%")])
    check(not fields, f"fields left: {', '.join(fields.mapped(lambda f: f'{f.model}.{f.name}'))}.")
    tables = env.execute_query(
        SQL(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name LIKE %s",
            f"{ADDON}%",
        )
    )
    check(not tables, f"tables left: {', '.join(row[0] for row in tables)}.")
    sequences = env["ir.sequence"].search([("code", "=like", f"{ADDON}.%")])
    check(not sequences, f"sequences left: {', '.join(sequences.mapped('name'))}.")
    left = [
        f"{table}.{column}"
        for table, column in columns
        if env.execute_query(
            SQL(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s AND column_name = %s",
                table,
                column,
            )
        )
    ]
    check(not left, f"columns of {ADDON} left in Odoo's tables: {', '.join(left)}.")
    step(
        f"nothing of {ADDON} is left: data, models, fields, tables, and the {len(columns)} "
        "columns it added to Odoo's tables"
    )


def check_odoo_loads(env):
    for model_name in EXTENDED_MODELS:
        model = env[model_name]
        view_types = ["form", "search"] + (["list"] if model._abstract is False else [])
        model.get_views([(False, view_type) for view_type in view_types])
    menus = env["ir.ui.menu"].search([])
    broken = menus.filtered(lambda menu: menu.action and not menu.action.exists())
    check(not broken, f"menus without their action: {', '.join(broken.mapped('complete_name'))}.")
    demo_user = env.ref("base.user_demo", raise_if_not_found=False) or env.ref("base.user_admin")
    user_env = env(user=demo_user)
    user_env["ir.ui.menu"].load_menus(debug=False)
    for model_name in EXTENDED_MODELS + ["stock.quant", "account.move.line"]:
        if user_env[model_name].has_access("read") and not user_env[model_name]._abstract:
            user_env[model_name].search([], limit=5).read(["display_name"])
    step(
        f"views of {len(EXTENDED_MODELS)} extended models, {len(menus)} menus and the record "
        f"rules of {demo_user.login} load"
    )


def check_odoo_works(env):
    spec = importlib.util.spec_from_file_location("after_sales_odoo_flows", FLOWS_FILE)
    flows = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(flows)
    personas = flows.make_personas(env, suffix="_uninstalled")
    goods = flows.make_goods(env, suffix=" (uninstalled)")
    repair, _counts = flows.repair_flow(env, personas, goods)
    check(repair.state == "done", f"the repair is {repair.state}, not done.")
    check(
        repair.sale_order_id.invoice_ids.state == "posted",
        "the repair's invoice is not posted.",
    )
    order, _counts = flows.sale_flow(env, personas, goods)
    check(order.picking_ids.state == "done", "the delivery is not done.")
    check(order.invoice_ids.state == "posted", "the order's invoice is not posted.")
    step(
        f"repair {repair.name} confirmed, done and invoiced "
        f"({repair.sale_order_id.invoice_ids.name}); order {order.name} delivered "
        f"({order.picking_ids.name}) and invoiced ({order.invoice_ids.name})"
    )
    env.cr.rollback()


def install(env):
    env["ir.module.module"].search([("name", "=", ADDON)]).button_immediate_install()


def check_installed(env):
    check(module_state(env) == "installed", f"{ADDON} is {module_state(env)} after reinstalling.")
    ticket = env[f"{ADDON}.ticket"].create({"name": "After the reinstall"})
    check(ticket.number, "a new ticket has no number after the reinstall.")
    step(f"{ADDON} installed again: ticket {ticket.number} created")
    env.cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    options = [f"--addons-path={args.addons_path}", "--log-level=warn", "--max-cron-threads=0"]
    if args.data_dir:
        options.append(f"--data-dir={args.data_dir}")
    config.parse_config(options)
    try:
        step(f"uninstalling {ADDON} from {args.database} ...")
        columns = with_env(args.database, uninstall)
        with_env(args.database, check_nothing_left, columns)
        with_env(args.database, check_odoo_loads)
        with_env(args.database, check_odoo_works)
        step(f"installing {ADDON} again ...")
        with_env(args.database, install)
        with_env(args.database, check_installed)
    except CheckFailed as failure:
        step(f"FAILED: {failure}")
        return 1
    step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
