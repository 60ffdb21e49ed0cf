# pylint: disable=print-used
"""Benchmark: bulk ticket creation and the SLA watchdog.

Prints wall time and SQL queries for creating N tickets in one call, and for
one watchdog run over them. Run with `make bench` (it builds a scratch
database); nothing is committed to that database.
"""

import argparse
import time
from datetime import timedelta

import odoo
from odoo import fields
from odoo.tools import config


def measure(env, label, function):
    env.flush_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    result = function()
    env.flush_all()
    elapsed = time.perf_counter() - started
    count = env.cr.sql_log_count - queries
    print(f"{label:<45} {elapsed * 1000:9.1f} ms {count:7d} queries")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        team = env["after_sales.team"].create({"name": "Bench team"})
        past = fields.Datetime.now() - timedelta(days=3)
        for size in (100, 1000):
            tickets = measure(
                env,
                f"create {size} tickets in one call",
                lambda size=size: env["after_sales.ticket"].create(
                    [
                        {"name": f"Bench {index}", "team_id": team.id, "date_open": past}
                        for index in range(size)
                    ]
                ),
            )
            measure(env, f"SLA watchdog over {size} overdue tickets", tickets._cron_sla_watchdog)
        cr.rollback()


if __name__ == "__main__":
    main()
