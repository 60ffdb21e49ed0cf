# pylint: disable=print-used
"""Benchmark: after_sales at the scale of a national service network.

Each figure is printed beside its anchor measured in the same run, over several
alternated rounds (min / median / max), with the ratio and the load average:

- deliveries of serials with a warranty policy (cards issued) against the same
  delivery of a product without a policy (Odoo alone: the add-on issues nothing);
- ticket intake (create, then what the commit runs: tracking and the queued
  acknowledgement) against creating as many contacts;
- the SLA watchdog over 100,000 open tickets of which 10 % just went overdue, and a
  second run with nothing to do;
- the tickets board at 100,000 tickets (grouped counts, first page of each column,
  SLA progress bars);
- the warranty lookup by serial among 1,000,000 cards (Check Warranty and the
  ticket's card lookup), with the query plan.

The large data sets are generated with SQL (INSERT ... SELECT), committed to the
scratch database `make bench` builds and drops, and analysed; the measured runs are
rolled back, with VACUUM (ANALYZE) between rounds (autovacuum may be off).
"""

import argparse
import gc
import os
import random
import statistics
import time

import psycopg2

import odoo
from odoo import Command, fields
from odoo.tools import SQL, config


def vacuum(database):
    connection = psycopg2.connect(dbname=database)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        # write the vacuum's dirty pages now, not during the next measured run
        cursor.execute("CHECKPOINT")
    connection.close()


def measure(env, function):
    env.flush_all()
    gc.collect()  # neither side pays for the garbage of the one before
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    function()
    env.flush_all()
    env.cr.precommit.run()
    return time.perf_counter() - started, env.cr.sql_log_count - queries


def summary(label, runs, anchor_label=None, anchor_runs=None, *, unit=1.0, unit_name="s"):
    times = [elapsed / unit for elapsed, _queries in runs]
    line = (
        f"{label:<52} min {min(times):8.3f} {unit_name}  median {statistics.median(times):8.3f} "
        f"{unit_name}  max {max(times):8.3f} {unit_name}  {runs[0][1]:7d} queries"
    )
    print(line)
    if anchor_runs:
        anchor = [elapsed / unit for elapsed, _queries in anchor_runs]
        print(
            f"{anchor_label:<52} min {min(anchor):8.3f} {unit_name}  median "
            f"{statistics.median(anchor):8.3f} {unit_name}  max {max(anchor):8.3f} {unit_name}  "
            f"{anchor_runs[0][1]:7d} queries"
        )
        print(
            f"{'  ratio (median time, queries)':<52} "
            f"{statistics.median(times) / statistics.median(anchor):.2f}x time, "
            f"{runs[0][1] / max(anchor_runs[0][1], 1):.2f}x queries"
        )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ----------------------------------------------------------------------
# Deliveries
# ----------------------------------------------------------------------


def delivery_round(registry, size, with_policy, index):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"skip_sms": True})
        warehouse = env["stock.warehouse"].search([], limit=1)
        customers = env.ref("stock.stock_location_customers")
        policy = env.ref("after_sales.warranty_policy_standard")
        product = env["product.product"].create(
            {
                "name": f"Bench unit {index}",
                "is_storable": True,
                "tracking": "serial",
                "warranty_policy_id": policy.id if with_policy else False,
            }
        )
        partner = env["res.partner"].create({"name": "Bench customer"})
        lots = env["stock.lot"].create(
            [{"name": f"BENCH-{index}-{n:06d}", "product_id": product.id} for n in range(size)]
        )
        for lot in lots:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1, lot_id=lot
            )
        picking = env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": size,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        result = measure(env, picking.button_validate)
        assert picking.state == "done"
        assert len(picking.warranty_card_ids) == (size if with_policy else 0)
        cr.rollback()
        return result


def bench_deliveries(registry, database, size, rounds):
    print(f"\n# Delivery of {size} serials ({rounds} alternated rounds)")
    cards, plain = [], []
    for index in range(rounds):
        # each round swaps which side goes first, so that neither always pays for
        # running second (caches, the previous round's dead rows)
        order = ((plain, False, "p"), (cards, True, "c"))
        for runs, with_policy, prefix in order if index % 2 == 0 else reversed(order):
            vacuum(database)
            runs.append(delivery_round(registry, size, with_policy, f"{prefix}{index}"))
    summary(
        f"after_sales: {size} serials, {size} cards issued",
        cards,
        "Odoo alone: the same delivery, no warranty policy",
        plain,
    )
    # each round's two runs share the machine's mood: their ratio drifts less
    paired = [card[0] / alone[0] for card, alone in zip(cards, plain, strict=True)]
    print(
        f"{'  ratio per round (min / median / max)':<52} "
        f"{min(paired):.2f}x / {statistics.median(paired):.2f}x / {max(paired):.2f}x"
    )


# ----------------------------------------------------------------------
# Ticket intake
# ----------------------------------------------------------------------


def bench_intake(registry, database, size, rounds):
    print(f"\n# Ticket intake: {size} tickets per call, commit work included ({rounds} rounds)")
    tickets, contacts, acknowledgements = [], [], []
    for index in range(rounds):
        vacuum(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env.company.email = env.company.email or "service@bench.example"
            team = env["after_sales.team"].create({"name": f"Intake {index}"})
            partner = env["res.partner"].create(
                {"name": "Bench caller", "email": "caller@bench.example"}
            )
            contacts.append(
                measure(
                    env,
                    lambda env=env: env["res.partner"].create(
                        [{"name": f"Contact {n}", "email": f"c{n}@x.example"} for n in range(size)]
                    ),
                )
            )
            tickets.append(
                measure(
                    env,
                    lambda env=env, team=team, partner=partner: env["after_sales.ticket"].create(
                        [
                            {"name": f"Intake {n}", "team_id": team.id, "partner_id": partner.id}
                            for n in range(size)
                        ]
                    ),
                )
            )
            in_request = env["mail.mail"].search_count([("model", "=", "after_sales.ticket")])
            acknowledgements.append(
                measure(env, env["after_sales.ticket"]._cron_send_acknowledgements)
            )
            queued = env["mail.mail"].search_count(
                [("model", "=", "after_sales.ticket"), ("state", "=", "outgoing")]
            )
            cr.rollback()
    summary(
        f"after_sales: per ticket, in the request ({in_request} emails rendered there)",
        tickets,
        "anchor: per contact created",
        contacts,
        unit=size / 1000,
        unit_name="ms",
    )
    summary(
        f"  then, per ticket, the triggered run ({queued} acknowledgements queued)",
        acknowledgements,
        unit=size / 1000,
        unit_name="ms",
    )


# ----------------------------------------------------------------------
# 100,000 tickets: watchdog and board
# ----------------------------------------------------------------------


def generate_tickets(env, count, overdue_share):
    leader = env.ref("base.user_admin")
    team = env["after_sales.team"].create({"name": "Scale team", "leader_id": leader.id})
    stages = env["after_sales.stage"].search([("is_closing", "=", False)])
    now = fields.Datetime.now()
    started = time.perf_counter()
    env.cr.execute(
        SQL(
            """
            INSERT INTO after_sales_ticket (
                name, number, company_id, team_id, stage_id, is_closed, active, priority,
                ticket_type, channel, category, date_open, response_deadline,
                response_status, sla_deadline, sla_failed, sla_failure_notified,
                create_uid, write_uid, create_date, write_date)
            SELECT 'Scale ticket ' || n, 'SC/' || n, %(company)s, %(team)s,
                   (%(stages)s::int[])[1 + mod(n, %(stage_count)s)], false, true,
                   mod(n, 4)::varchar, 'repair', 'phone', 'A',
                   %(now)s - interval '2 days',
                   CASE WHEN mod(n, 100) < %(overdue)s THEN %(now)s - interval '1 hour'
                        ELSE %(now)s + mod(n, 500) * interval '1 hour' END,
                   'ongoing',
                   CASE WHEN mod(n, 100) < %(overdue)s THEN %(now)s - interval '1 hour'
                        ELSE %(now)s + mod(n, 500) * interval '1 hour' END,
                   false, false, %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) n
            """,
            company=env.company.id,
            team=team.id,
            stages=stages.filtered(lambda s: not s.pauses_sla).ids,
            stage_count=len(stages.filtered(lambda s: not s.pauses_sla)),
            now=now,
            overdue=int(overdue_share * 100),
            uid=env.uid,
            count=count,
        )
    )
    env.cr.execute("ANALYZE after_sales_ticket")
    print(f"(generated {count} tickets with SQL in {time.perf_counter() - started:.1f} s)")
    return team


def bench_tickets_at_scale(registry, database, count):
    print(f"\n# {count} open tickets")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate_tickets(env, count, 0.10)
        cr.commit()
    vacuum(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC", "lang": "en_US"})
        tickets = env["after_sales.ticket"]

        def board():
            groups = tickets.web_read_group(
                [("is_closed", "=", False)], ["stage_id"], ["stage_id"], lazy=True
            )
            for group in groups["groups"]:
                tickets.web_search_read(
                    group["__domain"],
                    {"number": {}, "name": {}, "partner_id": {"fields": {"display_name": {}}}},
                    limit=80,
                )
            tickets.read_progress_bar(
                [("is_closed", "=", False)],
                "stage_id",
                {
                    "field": "response_status",
                    "colors": {"reached": "success", "ongoing": "info", "failed": "danger"},
                },
            )

        runs = [measure(env, board) for _round in range(3)]
        summary(f"tickets board at {count} tickets (counts, pages, bars)", runs)
        first = measure(env, tickets._cron_sla_watchdog)
        failed = tickets.search_count([("sla_failed", "=", True)])
        activities = env["mail.activity"].search_count([("res_model", "=", "after_sales.ticket")])
        print(f"(watchdog marked {failed} tickets failed, {activities} activities)")
        summary(f"SLA watchdog, {count // 10} just overdue", [first])
        again = measure(env, tickets._cron_sla_watchdog)
        summary("SLA watchdog, second run (nothing to do)", [again])
        cr.rollback()


# ----------------------------------------------------------------------
# 1,000,000 cards: warranty lookup
# ----------------------------------------------------------------------


def generate_cards(env, count):
    policy = env.ref("after_sales.warranty_policy_standard")
    product = env["product.product"].create(
        {"name": "Scale unit", "is_storable": True, "tracking": "serial"}
    )
    partner = env["res.partner"].create({"name": "Scale customer"})
    started = time.perf_counter()
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_lot (name, product_id, company_id, create_uid, write_uid,
                                   create_date, write_date)
            SELECT 'SCALE-' || lpad(n::text, 7, '0'), %(product)s, %(company)s, %(uid)s,
                   %(uid)s, now(), now()
              FROM generate_series(1, %(count)s) n
            """,
            product=product.id,
            company=env.company.id,
            uid=env.uid,
            count=count,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO after_sales_warranty_card (
                number, state, company_id, partner_id, product_id, product_tmpl_id, lot_id,
                quantity, policy_id, start_date, end_date, refund_until, replace_until,
                lot_tracking, create_uid, write_uid, create_date, write_date)
            SELECT 'WS/' || lot.id, 'active', %(company)s, %(partner)s, %(product)s,
                   %(template)s, lot.id, 1, %(policy)s, current_date - 30,
                   current_date + 335, current_date - 23, current_date - 15, 'serial',
                   %(uid)s, %(uid)s, now(), now()
              FROM stock_lot lot
             WHERE lot.product_id = %(product)s
            """,
            company=env.company.id,
            partner=partner.id,
            product=product.id,
            template=product.product_tmpl_id.id,
            policy=policy.id,
            uid=env.uid,
        )
    )
    env.cr.execute("ANALYZE stock_lot")
    env.cr.execute("ANALYZE after_sales_warranty_card")
    elapsed = time.perf_counter() - started
    print(f"(generated {count} serials and cards with SQL in {elapsed:.1f} s)")


def bench_lookup(registry, database, count, lookups):
    print(f"\n# Warranty lookup among {count} cards ({lookups} random serials)")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate_cards(env, count)
        cr.commit()
    vacuum(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC", "lang": "en_US"})
        serials = [f"scale-{random.randint(1, count):07d}" for _n in range(lookups)]
        check_times, ticket_times, queries = [], [], []
        for serial in serials:
            env.invalidate_all()
            before = cr.sql_log_count
            started = time.perf_counter()
            check = env["after_sales.warranty.check"].new({"serial": serial})
            assert check.card_id and check.summary
            check_times.append(time.perf_counter() - started)
            queries.append(cr.sql_log_count - before)
            lot = check.card_id.lot_id
            env.invalidate_all()
            started = time.perf_counter()
            ticket = env["after_sales.ticket"].new({"lot_id": lot.id})
            assert ticket.warranty_card_id
            ticket_times.append(time.perf_counter() - started)
        for label, values in (
            ("Check Warranty by serial (typed in lower case)", check_times),
            ("ticket's card lookup by serial", ticket_times),
        ):
            print(
                f"{label:<52} p50 {percentile(values, 0.5) * 1000:6.2f} ms  "
                f"p95 {percentile(values, 0.95) * 1000:6.2f} ms  max {max(values) * 1000:6.2f} ms"
            )
        print(f"{'  queries per Check Warranty':<52} {statistics.median(queries):.0f}")
        cr.execute(
            SQL(
                "EXPLAIN ANALYZE SELECT id FROM stock_lot WHERE lower(name) = lower(%s)",
                serials[0],
            )
        )
        print("  plan of the serial lookup:")
        for (row,) in cr.fetchall():
            print(f"    {row}")
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--serials", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--delivery-rounds",
        type=int,
        default=8,
        help="deliveries vary most from run to run on a shared machine",
    )
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    bench_deliveries(registry, args.database, args.serials, args.delivery_rounds)
    bench_intake(registry, args.database, 200, args.rounds)
    bench_tickets_at_scale(registry, args.database, args.tickets)
    bench_lookup(registry, args.database, args.cards, 300)
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
