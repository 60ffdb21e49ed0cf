# pylint: disable=print-used
"""Benchmark: the daily visit planner over 10,000 visit plans.

Generates the plans with SQL (INSERT ... SELECT from one plan made through the ORM:
weekly, monthly and quarterly plans spread over 200 customers and 20 technicians),
runs the scheduled action that creates the visits of the next 30 days and moves
each plan's next date on, and prints the time, the queries, the queries per plan
and per visit, then a second run (nothing left to create). It runs first with 1,000
plans, then with 10,000: the queries per plan must stay flat (bounded), not grow.
Nothing is committed: each measured run is rolled back.
"""

import argparse
import os
import time
from datetime import date

import psycopg2

import odoo
from odoo import fields
from odoo.tools import SQL, config


def vacuum(database):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()


def setup(env):
    """200 customers, 20 technicians, a team and the plan the others are copied from."""
    partners = env["res.partner"].create(
        [{"name": f"Plan customer {n}", "is_company": True} for n in range(200)]
    )
    users = env["res.users"].create(
        [
            {
                "name": f"Plan technician {n}",
                "login": f"plan_technician_{os.getpid()}_{n}",
                "groups_id": [(6, 0, [env.ref("after_sales.group_after_sales_user").id])],
            }
            for n in range(20)
        ]
    )
    team = env["after_sales.team"].create({"name": "Plan team"})
    template = env["after_sales.visit.plan"].create(
        {
            "name": "Template of the bench plans",
            "partner_id": partners[0].id,
            "next_date": fields.Date.context_today(env["after_sales.visit.plan"]),
            "team_id": team.id,
        }
    )
    return partners, users, template


def generate_plans(env, count, partners, users, template):
    started = time.perf_counter()
    env.cr.execute(
        SQL(
            """
            INSERT INTO after_sales_visit_plan (
                name, partner_id, site_partner_id, company_id, purpose, interval,
                interval_unit, next_date, user_id, team_id, duration, active,
                create_uid, write_uid, create_date, write_date)
            SELECT 'Plan ' || n, (%(partners)s)[1 + mod(n, 200)], (%(partners)s)[1 + mod(n, 200)],
                   t.company_id, t.purpose, CASE WHEN mod(n, 3) = 2 THEN 3 ELSE 1 END,
                   CASE WHEN mod(n, 3) = 0 THEN 'weeks' ELSE 'months' END,
                   current_date + (mod(n, 28)), (%(users)s)[1 + mod(n, 20)], t.team_id, 1.5, true,
                   t.create_uid, t.write_uid, now(), now()
              FROM after_sales_visit_plan t, generate_series(1, %(count)s - 1) n
             WHERE t.id = %(template)s
            """,
            partners=partners,
            users=users,
            count=count,
            template=template,
        )
    )
    env.cr.execute("ANALYZE after_sales_visit_plan")
    print(f"(generated {count} plans with SQL in {time.perf_counter() - started:.1f} s)")


def run_planner(env, label):
    env.invalidate_all()
    env.flush_all()
    plans = env["after_sales.visit.plan"].search_count([])
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    visits = env["after_sales.visit.plan"]._cron_schedule_visits()
    env.flush_all()
    env.cr.precommit.run()
    elapsed = time.perf_counter() - started
    spent = env.cr.sql_log_count - queries
    print(
        f"{label:<44} {plans:>6} plans {elapsed:7.2f} s {spent:6d} queries "
        f"({spent / plans:.2f} per plan), {len(visits):>6} visits made"
        + (f" ({spent / len(visits):.2f} queries per visit)" if visits else "")
    )
    return visits


def bench(registry, database, count, setup_records):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
        generate_plans(env, count, *setup_records)
        cr.commit()
    vacuum(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
        run_planner(env, f"visit planner, {count} plans, 30 days ahead")
        run_planner(env, "  second run (nothing left to create)")
        cr.rollback()
    with registry.cursor() as cr:
        cr.execute("DELETE FROM after_sales_visit_plan WHERE name LIKE 'Plan %' ")
        cr.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    print(f"\n# Visit planner (today {date.today()})")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
        partners, users, template = setup(env)
        cr.commit()
        setup_records = (partners.ids, users.ids, template.id)
    for size in (int(size) for size in args.sizes.split(",")):
        bench(registry, args.database, size, setup_records)


if __name__ == "__main__":
    main()
