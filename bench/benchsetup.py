"""What every benchmark does first (its own fresh database, then Django, then migrations) and
last (its own section of docs/benchmarks.md)."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    admin = parts._replace(path="/postgres", query="").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def fresh_database_url(*, backend: str, sqlite_name: str, pg_url: str) -> str:
    """A new, empty database of this benchmark's own: never the development one."""
    if backend == "sqlite":
        path = ROOT / "var" / sqlite_name
        for stale in [path, Path(f"{path}-wal"), Path(f"{path}-journal")]:
            stale.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    recreate_postgres(pg_url)
    return pg_url


def django_start(**environment: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="datameent.settings",
        DEBUG="false",  # DEBUG keeps every query in memory
        **environment,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


DOC = ROOT / "docs" / "benchmarks.md"
DOC_INTRO = """# Benchmarks

What each layer of Datameent costs, measured rather than guessed. Each benchmark lives in
`bench/`, compares against a baseline in the same run, and owns one `## section` below,
which it rewrites with its figures, the exact command and the machine (see
`bench/README.md`). Run them all with `make bench`.

"""


def write_section(heading: str, text: str, doc: Path = DOC) -> None:
    """Replace only the section under ``heading`` (a ``## `` line); other benchmarks own the
    other sections. A missing section is added at the end."""
    lines = doc.read_text().splitlines(keepends=True) if doc.exists() else [DOC_INTRO]
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    text = text.rstrip("\n") + "\n"
    if start is None:
        body = "".join(lines).rstrip("\n") + "\n\n" + text
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        tail = "".join(lines[end:])
        body = "".join(lines[:start]) + text + ("\n" + tail if tail else "")
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(body)
