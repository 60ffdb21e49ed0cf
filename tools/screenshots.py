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
# As the people who use them meet them: (file name, login, window size, page, what
# shows the page is ready, a script run once it is, what shows it took effect).
PHONE = (390, 844)
DESKTOP = (1440, 900)
SIGN_BUTTON = "#voucher a.o_after_sales_voucher_sign"
SIGN_PAD = ".modal.show canvas.o_web_sign_signature"
PORTAL_SIGN_OPEN = f"document.querySelector({json.dumps(SIGN_BUTTON)}).click()"
PERSONA_PAGES = [
    (
        "phone_my_day.png",
        "demo",
        PHONE,
        "/odoo/action-after_sales.action_after_sales_home",
        KANBAN_READY,
        None,
        None,
    ),
    (
        "phone_voucher_sign.png",
        "portal",
        PHONE,
        "voucher_to_sign",
        SIGN_BUTTON,
        PORTAL_SIGN_OPEN,
        SIGN_PAD,
    ),
    (
        "portal_voucher_sign.png",
        "portal",
        DESKTOP,
        "voucher_to_sign",
        SIGN_BUTTON,
        PORTAL_SIGN_OPEN,
        SIGN_PAD,
    ),
]
# A finger's stroke on the signature pad, as the browser tours draw it.
DRAW_SIGNATURE = """(async () => {
    const canvas = document.querySelector('.modal.show canvas.o_web_sign_signature');
    const box = canvas.getBoundingClientRect();
    const at = (x, y) => ({clientX: box.left + box.width * x, clientY: box.top + box.height * y,
        bubbles: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: 1});
    canvas.dispatchEvent(new PointerEvent('pointerdown', at(0.1, 0.7)));
    for (const [x, y] of [[0.25, 0.2], [0.4, 0.8], [0.55, 0.25], [0.7, 0.75], [0.9, 0.4]]) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        canvas.dispatchEvent(new PointerEvent('pointermove', at(x, y)));
        document.dispatchEvent(new PointerEvent('pointermove', at(x, y)));
    }
    canvas.dispatchEvent(new PointerEvent('pointerup', at(0.9, 0.4)));
    document.dispatchEvent(new PointerEvent('pointerup', at(0.9, 0.4)));
})()"""
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


def voucher_to_sign_url(database):
    """The portal page of the demo portal customer's voucher that waits for his
    signature (the page the mail's link opens)."""
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ticket.id FROM after_sales_ticket ticket"
                " JOIN ir_model_data data ON data.res_id = ticket.partner_id"
                " AND data.model = 'res.partner' AND data.module = 'base'"
                " AND data.name = 'partner_demo_portal'"
                " WHERE ticket.voucher_sent_on IS NOT NULL AND ticket.voucher_signed_on IS NULL"
                " ORDER BY ticket.id DESC LIMIT 1"
            )
            (ticket_id,) = cursor.fetchone()
    finally:
        connection.close()
    return f"/my/service-requests/{ticket_id}"


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
        self.wait(ready_selector, seconds)

    def wait(self, ready_selector, seconds=60):
        deadline = time.monotonic() + seconds
        while not self.evaluate(f"!!document.querySelector({json.dumps(ready_selector)})"):
            if time.monotonic() > deadline:
                failed = os.path.join(BUILD_DIR, "logs", "screenshot-failed.png")
                self.save(failed)
                page_url = self.evaluate("location.href")
                raise TimeoutError(f"{page_url} did not show {ready_selector}: see {failed}")
            time.sleep(0.5)
        time.sleep(2)  # let images, avatars and progress bars finish drawing

    def log_in(self, base, login):
        """A fresh session as ``login`` (its password is its login in the demo)."""
        self.call("Network.enable")
        self.call("Network.clearBrowserCookies")
        self.open(f"{base}/web/login", "input[name=login]")
        self.evaluate(
            f"document.querySelector('input[name=login]').value = {json.dumps(login)};"
            f"document.querySelector('input[name=password]').value = {json.dumps(login)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)

    def resize(self, size):
        """A phone (touch, narrow) or a desktop window."""
        width, height = size
        phone = width < 768
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=2 if phone else 1,
            mobile=phone,
        )
        self.call("Emulation.setTouchEmulationEnabled", enabled=phone)

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
        page.log_in(base, "admin")
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
        for name, login, size, where, ready, script, effect in PERSONA_PAGES:
            page.resize(size)
            page.log_in(base, login)
            url = voucher_to_sign_url(args.database) if where == "voucher_to_sign" else where
            page.open(base + url, ready)
            if script:
                page.evaluate(script)
                page.wait(effect)
                page.call("Runtime.evaluate", expression=DRAW_SIGNATURE, awaitPromise=True)
                time.sleep(1)
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
