# pylint: disable=print-used
"""Benchmark: ticket intake against OCA's helpdesk_mgmt (+ helpdesk_mgmt_sla) and a contact.

1. In one process, alternated rounds: creating 200 after_sales tickets, 200 OCA
   helpdesk tickets and 200 contacts in one call each, with what the commit runs
   (tracking, templates) included; then after_sales' acknowledgement run, which its
   creation triggers and a scheduled-action worker does after the commit.
2. Over XML-RPC against a server with 2 workers: 4 concurrent clients each create
   tickets (after_sales, then OCA) and contacts one call at a time; p50 / p95 latency.

`make bench` installs the OCA add-ons (bench/oca_anchor.py fetches their wheels) in its
scratch database beside after_sales; everything measured in process is rolled back.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client

import odoo
from odoo.tools import config

sys.path.insert(0, os.path.dirname(__file__))
from bench_scale import measure, summary, vacuum

SIZE = 200


def in_process(registry, database, rounds):
    print(f"\n# Intake in one process: {SIZE} per call, commit work included ({rounds} rounds)")
    runs = {"after_sales": [], "oca": [], "contact": [], "acknowledgements": []}
    for index in range(rounds):
        vacuum(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
            env.company.email = env.company.email or "service@bench.example"
            partner = env["res.partner"].create({"name": "Caller", "email": "caller@x.example"})
            team = env["after_sales.team"].create({"name": f"Intake {index}"})
            oca_team = env["helpdesk.ticket.team"].create({"name": f"OCA intake {index}"})
            jobs = {
                "contact": lambda env=env: env["res.partner"].create(
                    [{"name": f"Contact {n}", "email": f"c{n}@x.example"} for n in range(SIZE)]
                ),
                "after_sales": lambda env=env, team=team, partner=partner: env[
                    "after_sales.ticket"
                ].create(
                    [
                        {"name": f"Intake {n}", "team_id": team.id, "partner_id": partner.id}
                        for n in range(SIZE)
                    ]
                ),
                "oca": lambda env=env, team=oca_team, partner=partner: env[
                    "helpdesk.ticket"
                ].create(
                    [
                        {
                            "name": f"Intake {n}",
                            "description": "<p>Intake</p>",
                            "team_id": team.id,
                            "partner_id": partner.id,
                        }
                        for n in range(SIZE)
                    ]
                ),
            }
            order = ["contact", "after_sales", "oca"] if index % 2 else ["oca", "after_sales"]
            order += [name for name in jobs if name not in order]
            for name in order:
                runs[name].append(measure(env, jobs[name]))
            runs["acknowledgements"].append(
                measure(env, env["after_sales.ticket"]._cron_send_acknowledgements)
            )
            cr.rollback()
    per_ms = {"unit": SIZE / 1000, "unit_name": "ms"}
    summary(
        "after_sales: per ticket",
        runs["after_sales"],
        "OCA helpdesk_mgmt + sla: per ticket",
        runs["oca"],
        **per_ms,
    )
    summary("  and a contact, per contact", runs["contact"], **per_ms)
    summary(
        "  after_sales' acknowledgement run, per ticket (after the commit)",
        runs["acknowledgements"],
        **per_ms,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rpc_latencies(port, database, model, make_vals, *, clients, calls):
    latencies = []
    lock = threading.Lock()

    def client(number):
        common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common")
        uid = common.authenticate(database, "admin", "admin", {})
        objects = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/object")
        for call in range(calls):
            started = time.perf_counter()
            objects.execute_kw(database, uid, "admin", model, "create", [make_vals(number, call)])
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies)


def over_rpc(database, addons_path, clients, calls):
    print(f"\n# Intake over XML-RPC: {clients} concurrent clients x {calls} calls, 2 workers")
    port = free_port()
    log = os.path.join(os.path.dirname(config["data_dir"] or "."), f"bench-rpc-{port}.log")
    # started from its script, as the prefork server runs it again for its gevent worker
    script = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    command = [sys.executable, script] if os.path.exists(script) else ["odoo"]
    server = subprocess.Popen(
        [
            *command,
            f"--gevent-port={free_port()}",
            f"--addons-path={addons_path}",
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--http-port={port}",
            "--workers=2",
            "--max-cron-threads=1",
            f"--logfile={log}",
            "--limit-time-real=600",
        ],
        # the server logs to its file; its gevent worker's start-up noise is not ours
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=5)
                break
            except OSError:
                time.sleep(1)
        with odoo.modules.registry.Registry(database).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env.company.email = env.company.email or "service@bench.example"
            partner = env["res.partner"].create({"name": "RPC caller", "email": "rpc@x.example"})
            team = env["after_sales.team"].create({"name": "RPC intake"})
            oca_team = env["helpdesk.ticket.team"].create({"name": "RPC OCA intake"})
            cr.commit()
        cases = [
            ("contact", "res.partner", lambda n, c: {"name": f"RPC {n}-{c}"}),
            (
                "after_sales ticket",
                "after_sales.ticket",
                lambda n, c: {"name": f"RPC {n}-{c}", "team_id": team.id, "partner_id": partner.id},
            ),
            (
                "OCA helpdesk ticket",
                "helpdesk.ticket",
                lambda n, c: {
                    "name": f"RPC {n}-{c}",
                    "description": "<p>RPC</p>",
                    "team_id": oca_team.id,
                    "partner_id": partner.id,
                },
            ),
        ]
        medians = {}
        for label, model, make_vals in cases:
            rpc_latencies(port, database, model, make_vals, clients=clients, calls=3)  # warm up
            latencies = rpc_latencies(
                port, database, model, make_vals, clients=clients, calls=calls
            )
            medians[label] = statistics.median(latencies)
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(f"{label:<52} p50 {medians[label] * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms")
        print(
            f"{'  ratio to a contact (p50)':<52} after_sales "
            f"{medians['after_sales ticket'] / medians['contact']:.2f}x, OCA "
            f"{medians['OCA helpdesk ticket'] / medians['contact']:.2f}x"
        )
    finally:
        server.terminate()
        server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    config.parse_config([f"--addons-path={args.addons_path}", f"--database={args.database}"])
    registry = odoo.modules.registry.Registry(args.database)
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    in_process(registry, args.database, args.rounds)
    over_rpc(args.database, args.addons_path, args.clients, args.calls)
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
