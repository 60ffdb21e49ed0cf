# pylint: disable=print-used
"""Benchmark: the SQL queries of Odoo's own flows (a repair without ticket, an order
of a product without warranty), step by step, on each database given.

Run it on a database of Odoo alone (the add-on's dependencies) and on one with
after_sales installed, both with demo data or both without: the columns must match.
Odoo alone's figures, with and without demo data, are the ``ODOO_ALONE_QUERIES`` of
tests/odoo_flows.py that the add-on's tests hold after_sales to. `make bench` runs it
on both. Each flow runs twice and the second run is measured (caches warm, sequences
opened); nothing is committed.
"""

import argparse
import importlib.util
import os

import odoo
from odoo.tools import config

FLOWS_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "tests", "odoo_flows.py")


def load_flows():
    """tests/odoo_flows.py, loaded as a file: on a database of Odoo alone the add-on
    is not installed, and its package must not be imported."""
    spec = importlib.util.spec_from_file_location("after_sales_odoo_flows", FLOWS_FILE)
    flows = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(flows)
    return flows


def measure(database):
    flows = load_flows()
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        _repair, _order, counts = flows.measured_flows(env)
        demo = flows.demo_loaded(env)
        installed = bool(
            env["ir.module.module"].search_count(
                [("name", "=", "after_sales"), ("state", "=", "installed")]
            )
        )
        cr.rollback()
    return counts, installed, demo


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, action="append")
    parser.add_argument("--addons-path", required=True)
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", "--log-level=warn"])
    results = [measure(database) for database in args.database]
    headers = [
        f"{database} ({'after_sales' if installed else 'Odoo alone'}, {demo.replace('_', ' ')})"
        for database, (_counts, installed, demo) in zip(args.database, results, strict=True)
    ]
    print(f"{'queries per step':<24}" + "".join(f"{header:>46}" for header in headers))
    for step in results[0][0]:
        print(f"{step:<24}" + "".join(f"{result[0][step]:>46}" for result in results))


if __name__ == "__main__":
    main()
