"""Check that PostgreSQL is reachable (PG* environment variables), or drop a database.

Usage: check_postgres.py [--drop DBNAME]
"""

import sys

try:
    import psycopg2
    from psycopg2 import sql
except ImportError:
    sys.exit("psycopg2 is not importable: install Odoo 18.0's requirements first.")

try:
    connection = psycopg2.connect(dbname="postgres")
except psycopg2.OperationalError as error:
    first_line = str(error).strip().splitlines()[0]
    sys.exit(f"PostgreSQL is unreachable with the PG* environment settings ({first_line}).")

if len(sys.argv) == 3 and sys.argv[1] == "--drop":
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(sys.argv[2])))
    print(f"Dropped test database {sys.argv[2]}.")
connection.close()
