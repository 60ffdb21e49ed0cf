# pylint: disable=print-used
"""Benchmark: the repair invoice reconciliation workbook.

Creates a base of posted after-sales invoices through the ORM (every other one
paid through Odoo's payment flow, so partial reconciliations exist), replicates
them with SQL (INSERT ... SELECT of the moves, their lines and their
reconciliations, payments' entries included) up to each size, exports them, and
prints wall time and SQL queries, then, exporting again under tracemalloc (which
slows Python down: not timed), the peak of Python memory allocated while writing
the workbook and the process's maximum resident size before and after (most of it
is Odoo's registry). Memory must stay flat as N
grows: the workbook is written row by row and the invoices are read in chunks. Run with
`make bench`; nothing is committed to its scratch database.
"""

import argparse
import resource
import time
import tracemalloc
from datetime import timedelta

import odoo
from odoo import Command, fields
from odoo.tools import SQL, config


def create_invoices(env, ticket, count):
    """``count`` posted invoices through the ORM, every other one paid in full."""
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
    paid = invoices[::2]
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.ids
    ).create({"group_payment": False})._create_payments()
    env.flush_all()
    return invoices


def _columns(cr, table, skip):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            table,
        )
    )
    return [name for (name,) in cr.fetchall() if name not in skip]


def replicate(env, base_moves, first, last):
    """Copy ``base_moves`` (with their lines and the reconciliations between
    them) with SQL, as copies ``first`` to ``last`` named ``<name>/B<n>``."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        SQL(
            """CREATE TEMP TABLE bench_move_map ON COMMIT DROP AS
               SELECT m.id AS old_id, g AS copy, nextval('account_move_id_seq') AS new_id
                 FROM account_move m, generate_series(%s, %s) g WHERE m.id = ANY(%s)""",
            first,
            last,
            base_moves.ids,
        )
    )
    cr.execute(
        """CREATE TEMP TABLE bench_line_map ON COMMIT DROP AS
           SELECT l.id AS old_id, mm.copy, mm.new_id AS new_move_id,
                  nextval('account_move_line_id_seq') AS new_id
             FROM account_move_line l JOIN bench_move_map mm ON mm.old_id = l.move_id"""
    )
    move_columns = _columns(cr, "account_move", {"id", "name"})
    cr.execute(
        SQL(
            """INSERT INTO account_move (id, name, %(columns)s)
               SELECT mm.new_id, m.name || '/B' || mm.copy, %(source)s
                 FROM bench_move_map mm JOIN account_move m ON m.id = mm.old_id""",
            columns=SQL(", ").join(SQL.identifier(c) for c in move_columns),
            source=SQL(", ").join(SQL.identifier("m", c) for c in move_columns),
        )
    )
    line_columns = _columns(
        cr, "account_move_line", {"id", "move_id", "move_name", "full_reconcile_id"}
    )
    cr.execute(
        SQL(
            """INSERT INTO account_move_line (id, move_id, move_name, %(columns)s)
               SELECT lm.new_id, lm.new_move_id, l.move_name || '/B' || lm.copy, %(source)s
                 FROM bench_line_map lm JOIN account_move_line l ON l.id = lm.old_id""",
            columns=SQL(", ").join(SQL.identifier(c) for c in line_columns),
            source=SQL(", ").join(SQL.identifier("l", c) for c in line_columns),
        )
    )
    partial_columns = _columns(
        cr,
        "account_partial_reconcile",
        {"id", "debit_move_id", "credit_move_id", "full_reconcile_id"},
    )
    cr.execute(
        SQL(
            """INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, %(columns)s)
               SELECT debit.new_id, credit.new_id, %(source)s
                 FROM account_partial_reconcile p
                 JOIN bench_line_map debit ON debit.old_id = p.debit_move_id
                 JOIN bench_line_map credit
                   ON credit.old_id = p.credit_move_id AND credit.copy = debit.copy""",
            columns=SQL(", ").join(SQL.identifier(c) for c in partial_columns),
            source=SQL(", ").join(SQL.identifier("p", c) for c in partial_columns),
        )
    )
    cr.execute("DROP TABLE bench_move_map, bench_line_map")
    cr.execute("ANALYZE account_move, account_move_line, account_partial_reconcile")
    env.invalidate_all()


def export(env, size):
    """Time one export, then trace the memory of a second one: tracemalloc slows
    Python down several times, it would be timed with it."""
    wizard = env["after_sales.invoice.report"].create(
        {
            "date_from": fields.Date.today() - timedelta(days=1),
            "date_to": fields.Date.today(),
        }
    )
    env.invalidate_all()
    queries = env.cr.sql_log_count
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    started = time.perf_counter()
    wizard.action_export()
    elapsed = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    env.invalidate_all()
    tracemalloc.start()
    wizard.action_export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"export {wizard.row_count:>6} invoices (of {size:>6}) "
        f"{elapsed:8.2f} s {queries:7d} queries "
        f"max RSS {rss_before:.0f} -> {rss_after:.0f} MiB, "
        f"peak {peak / 2**20:7.1f} MiB (Python, traced again), "
        f"file {len(wizard.report_file) * 3 / 4 / 2**10:8.0f} KiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--sizes", default="1000,5000,50000", help="comma-separated invoice counts")
    parser.add_argument("--base", type=int, default=200, help="invoices made by the ORM")
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        partner = env["res.partner"].create({"name": "Bench customer"})
        ticket = env["after_sales.ticket"].create({"name": "Bench", "partner_id": partner.id})
        sizes = sorted(int(size) for size in args.sizes.split(","))
        base = min(args.base, sizes[0])
        started = time.perf_counter()
        invoices = create_invoices(env, ticket, base)
        payments = invoices.line_ids.matched_credit_ids.credit_move_id.move_id
        print(
            f"created {base} invoices ({len(payments)} paid) with the ORM "
            f"in {time.perf_counter() - started:.1f} s"
        )
        created = base
        for size in sizes:
            if size > created:
                started = time.perf_counter()
                copies = (size - created) // base
                replicate(env, invoices | payments, created // base, created // base + copies - 1)
                created += copies * base
                print(
                    f"replicated to {created} invoices with SQL "
                    f"in {time.perf_counter() - started:.1f} s"
                )
            export(env, created)
        cr.rollback()


if __name__ == "__main__":
    main()
