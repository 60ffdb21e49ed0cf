"""Run Odoo 18.0's own tests of the apps after_sales extends, on a database where
after_sales is installed, so that what installing the add-on changes in Odoo's own
Repair, Inventory, Sales and Invoicing shows up as a failing Odoo test.

Usage:
    odoo_suites.py modules [--odoo-alone]
    odoo_suites.py dependencies
    odoo_suites.py prepare --database DB --addons-path PATHS
    odoo_suites.py run --database DB --addons-path PATHS [pytest arguments ...]

`modules` prints the modules to install: after_sales and what the selected tests look
for, or with --odoo-alone after_sales' dependencies instead of after_sales (to see
which tests fail in Odoo alone); `dependencies` prints after_sales' dependencies alone.
`prepare` makes the database what Odoo's tests
expect of a company that uses serial numbers: the *Lots & Serial Numbers* setting on
(stock's picking tours need it).
`run` runs the suites of `SUITES` with pytest-odoo; the registry it loads holds every
installed module, so Odoo's at-install tests run with after_sales loaded. The tests
listed in `tools/odoo_known_failures.txt` (each with why it also fails in Odoo alone)
are deselected and printed; any other failure fails the run, except that the browser
tours listed in `tools/odoo_timing_sensitive.txt` (each with what races in it) are run
a second time, alone, when they fail: they pass if that second run passes.
"""

import argparse
import ast
import os
import subprocess
import sys

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
KNOWN_FAILURES = os.path.join(TOOLS_DIR, "odoo_known_failures.txt")
TIMING_SENSITIVE = os.path.join(TOOLS_DIR, "odoo_timing_sensitive.txt")

# Odoo's test files, relative to the directory of its standard add-ons.
SUITES = [
    "repair/tests",
    "sale_stock/tests",
    # stock: pickings, moves, returns, lots and serials, the picking tours
    "stock/tests/test_move.py",
    "stock/tests/test_move2.py",
    "stock/tests/test_move_lines.py",
    "stock/tests/test_stock_flow.py",
    "stock/tests/test_stock_return_picking.py",
    "stock/tests/test_stock_lot.py",
    "stock/tests/test_generate_serial_numbers.py",
    "stock/tests/test_picking_tours.py",
    # sale: invoicing, credit notes and down payments of orders
    "sale/tests/test_sale_to_invoice.py",
    "sale/tests/test_sale_refund.py",
    "sale/tests/test_sale_order_down_payment.py",
    # account: customer invoices and credit notes
    "account/tests/test_account_move_out_invoice.py",
    "account/tests/test_account_move_out_refund.py",
]

# The extra modules Odoo's selected tests look for (repair's margin test).
EXTRA_MODULES = ["sale_margin"]


def dependencies():
    """The modules after_sales depends on, from its manifest."""
    manifest_file = os.path.join(os.path.dirname(TOOLS_DIR), "__manifest__.py")
    with open(manifest_file, encoding="utf-8") as handle:
        return ast.literal_eval(handle.read())["depends"]


def modules(odoo_alone):
    installed = dependencies() if odoo_alone else ["after_sales"]
    return ",".join(installed + EXTRA_MODULES)


def prepare(database, addons_path):
    import odoo  # noqa: PLC0415 - Odoo is importable once bootstrap.py made .build/bin/python

    odoo.tools.config.parse_config(
        ["--addons-path", addons_path, "-d", database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.config.settings"].create({"group_stock_production_lot": True}).execute()
        lots_on = env.ref("stock.group_production_lot") in env.ref("base.group_user").implied_ids
        print(f"Lots & Serial Numbers setting on: {lots_on}")
        if not lots_on:
            raise SystemExit("The Lots & Serial Numbers setting could not be turned on.")


def known_failures(listing=KNOWN_FAILURES):
    """[(pytest node id, reason)] from a list of tests (the known failures file by
    default), comments skipped."""
    failures = []
    if not os.path.exists(listing):
        return failures
    with open(listing, encoding="utf-8") as handle:
        for raw_line in handle:
            entry = raw_line.strip()
            if not entry or entry.startswith("#"):
                continue
            node, _sep, reason = entry.partition(" ")
            failures.append((node, reason.strip(" -") or "no reason given"))
    return failures


def run(database, addons_path, pytest_args):
    addons_path = ",".join(os.path.abspath(path) for path in addons_path.split(","))
    odoo_addons = addons_path.split(",")[0]
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rfEs",
        f"--rootdir={odoo_addons}",
        f"--odoo-database={database}",
        f"--odoo-addons-path={addons_path}",
        "--odoo-http",
        f"--odoo-extra=data-dir={os.path.join(os.path.dirname(TOOLS_DIR), '.build', 'data')}",
    ]
    # from an empty directory: in Odoo's add-ons directory its `calendar` would
    # shadow Python's own, in .build its `odoo` checkout the `odoo` package
    workdir = os.path.join(os.path.dirname(TOOLS_DIR), ".build", "test-odoo")
    os.makedirs(workdir, exist_ok=True)
    for node, reason in known_failures():
        print(f"Known to fail in Odoo alone, not run: {node} ({reason})")
        # pytest names a test by its path from where it runs (or from its rootdir)
        path = os.path.relpath(os.path.join(odoo_addons, node), workdir)
        command += [f"--deselect={path}", f"--deselect={node}"]
    report = os.path.join(workdir, "report.xml")
    suites = [os.path.join(odoo_addons, suite) for suite in SUITES]
    returncode = subprocess.call(
        [*command, f"--junitxml={report}", *suites, *pytest_args], cwd=workdir
    )
    if returncode != 1:  # 0: passed; 2 and more: interrupted, nothing to retry
        return returncode
    failed = failed_tests(report)
    retried = dict(known_failures(TIMING_SENSITIVE))
    if not failed or any(node not in retried for node in failed):
        return returncode
    for node in failed:
        print(f"Timing-sensitive, run again alone: {node} ({retried[node]})")
    return subprocess.call(
        [*command, *(os.path.join(odoo_addons, node) for node in failed)], cwd=workdir
    )


def failed_tests(report):
    """The node ids (path under Odoo's add-ons directory::Class::test) of the tests
    that failed or erred in a JUnit report of pytest."""
    import xml.etree.ElementTree as ET  # noqa: PLC0415 - only when tests failed

    failed = []
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.find("failure") is None and case.find("error") is None:
            continue
        # classname: "[...addons.]stock.tests.test_picking_tours.TestStockPickingTour"
        *path, test_class = case.get("classname", "").split(".")
        start = path.index("tests") - 1 if "tests" in path[1:] else 0
        failed.append(f"{'/'.join(path[start:])}.py::{test_class}::{case.get('name')}")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("prepare", "run", "modules", "dependencies"))
    parser.add_argument("--database")
    parser.add_argument("--addons-path")
    parser.add_argument("--odoo-alone", action="store_true")
    args, rest = parser.parse_known_args()
    if args.action == "modules":
        print(modules(args.odoo_alone))
        return 0
    if args.action == "dependencies":
        print(",".join(dependencies()))
        return 0
    if args.action == "prepare":
        prepare(args.database, args.addons_path)
        return 0
    return run(args.database, args.addons_path, rest)


if __name__ == "__main__":
    sys.exit(main())
