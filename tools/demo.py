"""Keep the demo database up to date with this checkout, and serve it.

Usage:
    demo.py prepare --database DB --addons-path PATHS [--update]
    demo.py serve --database DB --addons-path PATHS --port PORT

`prepare` installs the add-on with its demo data into a new database, updates it
when the add-on's files changed since the last update (or with --update), and
otherwise leaves the database, and what users changed in it, alone. Odoo's log goes
to a file under .build/logs; a traceback or an ERROR line in it fails the step.
"""

import argparse
import hashlib
import os
import re
import socket
import subprocess
import sys

import psycopg2

ADDON = "after_sales"
ADDON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.join(ADDON_DIR, ".build")
LOG_DIR = os.path.join(BUILD_DIR, "logs")
# Not part of the add-on: build output, version control, caches, documentation.
IGNORED_DIRS = {
    ".build",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".ci",
    "bench",
    "tests",
    "tools",
}
IGNORED_SUFFIXES = (".pyc", ".log", ".md")
PROBLEM_LINE = re.compile(r"^Traceback|^\S+ \S+ \d+ (ERROR|CRITICAL) ")


def addon_digest(root=ADDON_DIR):
    """A digest of the add-on's files: it changes when an update is due."""
    digest = hashlib.sha256()
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(name for name in subdirs if name not in IGNORED_DIRS)
        for name in sorted(files):
            if name.endswith(IGNORED_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            digest.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def addon_state(database):
    """The add-on's state in `database` ('installed', 'to upgrade'...), or None when
    the database or the add-on is not there."""
    try:
        connection = psycopg2.connect(dbname=database)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('ir_module_module')")
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute("SELECT state FROM ir_module_module WHERE name = %s", [ADDON])
            row = cursor.fetchone()
            return row[0] if row else None
    finally:
        connection.close()


def plan(state, recorded_digest, current_digest, forced):
    """What `prepare` does: 'install', 'update' or None (the database is up to date)."""
    if state != "installed":
        return "install"
    if forced or recorded_digest != current_digest:
        return "update"
    return None


def problems_in(log_path, start):
    """Traceback and ERROR lines that Odoo wrote to its log after byte `start`."""
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        handle.seek(start)
        return [line.rstrip() for line in handle if PROBLEM_LINE.match(line)]


def odoo_command(args, *options):
    """Odoo's command line for `args.database` with this checkout's add-ons."""
    return [
        os.path.join(BUILD_DIR, "bin", "python"),
        "-m",
        "odoo",
        f"--addons-path={args.addons_path}",
        f"--data-dir={os.path.join(BUILD_DIR, 'data')}",
        f"--database={args.database}",
        *options,
    ]


def prepare(args):
    stamp = os.path.join(BUILD_DIR, f"{args.database}.digest")
    recorded = None
    if os.path.isfile(stamp):
        with open(stamp, encoding="utf-8") as handle:
            recorded = handle.read()
    current = addon_digest()
    action = plan(addon_state(args.database), recorded, current, args.update)
    if action is None:
        print(
            f"Database {args.database} is up to date with this checkout "
            "(make run UPDATE=1 updates it anyway)."
        )
        return
    log = os.path.join(LOG_DIR, f"{args.database}.log")
    os.makedirs(LOG_DIR, exist_ok=True)
    start = os.path.getsize(log) if os.path.isfile(log) else 0
    if action == "install":
        print(
            f"Installing {ADDON} with its demo data into database {args.database} "
            f"(about 3 minutes; log: {log}) ...",
            flush=True,
        )
        options = ["-i", ADDON]
    else:
        print(
            f"Updating {ADDON} in database {args.database} (about a minute; log: {log}) ...",
            flush=True,
        )
        options = ["-u", ADDON]
    result = subprocess.run(
        odoo_command(
            args, *options, "--stop-after-init", "--max-cron-threads=0", f"--logfile={log}"
        ),
        check=False,
    )
    problems = problems_in(log, start)
    if result.returncode or problems:
        shown = "\n".join(problems[:10])
        sys.exit(
            f"{shown}\nOdoo could not {action} {ADDON} in {args.database}: "
            f"the whole log is in {log}."
        )
    with open(stamp, "w", encoding="utf-8") as handle:
        handle.write(current)


def port_in_use(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", int(port)))
        except OSError:
            return True
    return False


def serve(args):
    if port_in_use(args.port):
        sys.exit(
            f"Port {args.port} is already in use: stop the server that holds it, "
            f"or run make run HTTP_PORT={int(args.port) + 1}."
        )
    log = os.path.join(LOG_DIR, "server.log")
    print(
        f"Serving on http://localhost:{args.port}, log in as admin / admin "
        f"(Odoo's log: {log}; Ctrl+C stops).",
        flush=True,
    )
    command = odoo_command(
        args,
        f"--db-filter=^{re.escape(args.database)}$",
        f"--http-port={args.port}",
        f"--logfile={log}",
    )
    os.execv(command[0], command)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=["prepare", "serve"])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--port", default="8069")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args)
    else:
        serve(args)


if __name__ == "__main__":
    main()
