"""Take the README's pictures from the demo database with headless Chromium.

Usage: screenshots.py --database DB --addons-path PATHS --port PORT --output DIR

Serves the demo database on PORT, logs in as admin / admin in Chromium, opens each
page below and writes it as a PNG into DIR. Chromium is driven over its DevTools
protocol with websocket-client, as Odoo's own browser tours do.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import psycopg2
import websocket

from demo import BUILD_DIR, odoo_command

KANBAN_READY = ".o_kanban_renderer .o_kanban_record"
FORM_READY = ".o_form_view .o_form_sheet"
LIST_READY = ".o_list_renderer .o_group_header"
PIVOT_READY = ".o_pivot table"
# (file name, action, demo record shown in its form or None for the action's first
# view, what shows the page is ready)
PAGES = [
    ("board.png", "action_after_sales_ticket", None, KANBAN_READY),
    ("ticket.png", "action_after_sales_ticket", "ticket_02", FORM_READY),
    ("warranty_card.png", "action_after_sales_warranty_card", "warranty_card_wm_0001", FORM_READY),
    ("repair.png", "action_after_sales_repair_order", "repair_door_seal", FORM_READY),
    ("overview.png", "action_after_sales_team_overview", None, KANBAN_READY),
    ("customer_goods.png", "action_after_sales_customer_goods", None, LIST_READY),
    ("analysis.png", "action_after_sales_ticket_analysis", None, PIVOT_READY),
    ("contracts.png", "action_after_sales_contract", None, KANBAN_READY),
]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def record_ids(database, names):
    """The database ids of the add-on's demo records called `names`."""
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, res_id FROM ir_model_data"
                " WHERE module = 'after_sales' AND name IN %s",
                [tuple(names)],
            )
            return dict(cursor.fetchall())
    finally:
        connection.close()


class Page:
    """One Chromium tab, driven over the DevTools protocol."""

    def __init__(self, debug_port):
        targets = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json/list", 30))
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def open(self, url, ready_selector, seconds=180):
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + seconds
        while not self.evaluate(f"!!document.querySelector({json.dumps(ready_selector)})"):
            if time.monotonic() > deadline:
                failed = os.path.join(BUILD_DIR, "logs", "screenshot-failed.png")
                self.save(failed)
                raise TimeoutError(f"{url} did not show {ready_selector}: see {failed}")
            time.sleep(0.5)
        time.sleep(2)  # let images, avatars and progress bars finish drawing

    def save(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    chromium = next(filter(None, map(shutil.which, BROWSERS)))
    ids = record_ids(args.database, [xmlid for _name, _action, xmlid, _ready in PAGES if xmlid])
    base = f"http://127.0.0.1:{args.port}"
    log = os.path.join(BUILD_DIR, "logs", "screenshots.log")
    server = subprocess.Popen(
        odoo_command(
            args, f"--db-filter=^{args.database}$", f"--http-port={args.port}", f"--logfile={log}"
        )
    )
    debug_port = free_port()
    profile = tempfile.TemporaryDirectory()
    browser = subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1440,900",
            f"--remote-debugging-port={debug_port}",
            f"--user-data-dir={profile.name}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/web/login", 120)
        page = Page(debug_port)
        page.open(f"{base}/web/login", "input[name=login]")
        page.evaluate(
            "document.querySelector('input[name=login]').value = 'admin';"
            "document.querySelector('input[name=password]').value = 'admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)
        for name, action, xmlid, ready in PAGES:
            url = f"{base}/odoo/action-after_sales.{action}"
            if xmlid:
                url += f"/{ids[xmlid]}"
            page.open(url, ready)
            if ready == LIST_READY:  # show the register's rows, not only its groups
                page.evaluate(
                    "document.querySelectorAll('.o_group_header').forEach((g) => g.click())"
                )
                time.sleep(2)
            path = os.path.join(args.output, name)
            page.save(path)
            print(f"Wrote {path}")
    finally:
        browser.terminate()
        server.terminate()
        browser.wait()
        server.wait()
        profile.cleanup()


if __name__ == "__main__":
    main()
