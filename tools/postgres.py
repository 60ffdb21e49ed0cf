"""Make PostgreSQL reachable for Odoo, or drop a database.

Usage: postgres.py ensure | postgres.py drop DBNAME

`ensure` connects with the usual PG* environment variables (by default the local
socket, as the current user). When that fails and this is root on Debian or Ubuntu,
it installs the server, starts its cluster and creates a role for the user, as
Odoo's documentation does by hand; otherwise it stops with the command to run.
"""

import getpass
import glob
import os
import shutil
import subprocess
import sys

try:
    import psycopg2
    from psycopg2 import sql
except ImportError:
    sys.exit(
        "psycopg2 is not importable: run 'make run' or 'make test', "
        "which install Odoo's requirements."
    )


def connect():
    """Return an open connection to the server's `postgres` database, or the error text."""
    try:
        return psycopg2.connect(dbname="postgres"), None
    except psycopg2.OperationalError as error:
        return None, str(error).strip().splitlines()[0]


def _local_server_we_may_set_up():
    """True for the local server of a Debian/Ubuntu machine on which we are root."""
    host = os.environ.get("PGHOST", "")
    local = host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")
    return local and os.geteuid() == 0 and shutil.which("apt-get") is not None


def _install_and_start_server(role):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not glob.glob("/usr/lib/postgresql/*/bin/postgres"):
        print("Installing PostgreSQL (Debian package 'postgresql') ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=env)
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    )
    for line in clusters.stdout.splitlines():
        version, name, _port, status = line.split()[:4]
        if status != "online":
            print(f"Starting PostgreSQL {version}/{name} ...", flush=True)
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"], check=True
            )
    exists = subprocess.run(  # psql quotes the role itself (:'r'), from standard input
        ["runuser", "-u", "postgres", "--", "psql", "-tA", "-v", f"r={role}"],
        input="SELECT 1 FROM pg_roles WHERE rolname = :'r';",
        capture_output=True,
        text=True,
        check=False,
    )
    if exists.stdout.strip() != "1":
        print(f"Creating the PostgreSQL role '{role}' (may create databases) ...", flush=True)
        subprocess.run(
            ["runuser", "-u", "postgres", "--", "createuser", "--createdb", role], check=True
        )


def ensure():
    connection, problem = connect()
    if connection is None and _local_server_we_may_set_up():
        _install_and_start_server(os.environ.get("PGUSER") or getpass.getuser())
        connection, problem = connect()
    if connection is None:
        user = os.environ.get("PGUSER") or getpass.getuser()
        sys.exit(
            f"PostgreSQL is unreachable ({problem}): start it "
            "(Debian: 'sudo pg_ctlcluster 15 main start') "
            f"and create your role ('sudo -u postgres createuser --createdb {user}'), "
            "or point PGHOST, PGPORT, PGUSER and PGPASSWORD at your server."
        )
    connection.close()


def drop(database):
    connection, problem = connect()
    if connection is None:
        sys.exit(f"PostgreSQL is unreachable ({problem}): database {database} was not dropped.")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
    connection.close()
    print(f"Dropped database {database}.")


if __name__ == "__main__":
    if sys.argv[1:2] == ["ensure"] and len(sys.argv) == 2:
        ensure()
    elif sys.argv[1:2] == ["drop"] and len(sys.argv) == 3:
        drop(sys.argv[2])
    else:
        sys.exit(__doc__.strip().splitlines()[2])
