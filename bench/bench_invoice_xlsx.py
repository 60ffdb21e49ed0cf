# pylint: disable=print-used
"""Benchmark: the repair invoice reconciliation workbook.

Creates N posted after-sales invoices, exports them, and prints wall time,
SQL queries and the peak of Python memory allocated while writing the
workbook (tracemalloc). Memory must stay flat as N grows: the workbook is
written row by row and the invoices are read in chunks. Run with
`make bench`; nothing is committed to its scratch database.
"""

import argparse
import time
import tracemalloc
from datetime import timedelta

import odoo
from odoo import Command, fields
from odoo.tools import config


def create_invoices(env, ticket, count):
    product = env["product.product"].create({"name": "Bench part", "list_price": 10.0})
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": ticket.partner_id.id,
                "after_sales_ticket_id": ticket.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 1})],
            }
            for _index in range(count)
        ]
    )
    invoices.action_post()
    env.flush_all()
    return invoices


def export(env, size):
    wizard = env["after_sales.invoice.report"].create(
        {
            "date_from": fields.Date.today() - timedelta(days=1),
            "date_to": fields.Date.today(),
        }
    )
    env.invalidate_all()
    queries = env.cr.sql_log_count
    tracemalloc.start()
    started = time.perf_counter()
    wizard.action_export()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"export {wizard.row_count:>6} invoices (created {size:>6}) "
        f"{elapsed:8.2f} s {env.cr.sql_log_count - queries:7d} queries "
        f"peak {peak / 2**20:7.1f} MiB, file {len(wizard.report_file) * 3 / 4 / 2**10:8.0f} KiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated invoice counts")
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Bench customer"})
        ticket = env["after_sales.ticket"].create({"name": "Bench", "partner_id": partner.id})
        created = 0
        for size in sorted(int(size) for size in args.sizes.split(",")):
            started = time.perf_counter()
            create_invoices(env, ticket, size - created)
            print(f"created {size - created} invoices in {time.perf_counter() - started:.1f} s")
            created = size
            export(env, size)
        cr.rollback()


if __name__ == "__main__":
    main()
