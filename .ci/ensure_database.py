"""Create the PostgreSQL database named in a DATABASE_URL when it does not exist yet.

Usage: python .ci/ensure_database.py postgres://postgres@127.0.0.1:5432/datameent
"""

import sys
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql


def ensure_database(url: str) -> None:
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        ensure_database(sys.argv[1])
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL is not reachable at {sys.argv[1]}: {exc}")
