"""What one consent decision costs, with 1,000 grants in the database and with 1,000,000.

``consent.selectors.decide`` runs before every gateway read, so it must stay flat as the
grant table grows: one indexed query for the grants, well under a millisecond. Measured,
interleaved in rounds so drift in machine load hits every variant alike:

- decide (allowed): Bob (Team Wmo) asks for a category Alice granted;
- decide (no grant): the same for a resident without any grant for that purpose;
- baselines: ``SELECT 1``, and a primary-key lookup of one grant row (raw cursor).

Each backend runs in its own process (settings are read once per process) on its own,
recreated database: ``var/bench-consent.sqlite3`` and PostgreSQL ``datameent_bench_consent``.
Figures, the query count and the query plans go to the "## Consent decision" section of
docs/benchmarks.md.

    .venv/bin/python bench/bench_consent_decision.py                    # both, writes the doc
    .venv/bin/python bench/bench_consent_decision.py --backend postgres --sizes 1000 --no-write
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchsetup import django_start, fresh_database_url, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Consent decision"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_consent"
GOAL_MS = 1.0
GRANTS_PER_RESIDENT = 4
# A resident's grants: (purpose code, categories, start offset in days, length in days).
PATTERN = [
    ("wmo-huishoudelijke-hulp", ["identity", "health"], -30, 180),
    ("wmo-begeleiding", ["health"], -400, 365),
    ("bijzondere-bijstand", ["income", "housing"], -10, 90),
    ("re-integratie-traject", ["work"], 5, 365),
]


# -- inside the benchmark process ---------------------------------------------------------


def _setup_django(backend: str, pg_url: str) -> None:
    url = fresh_database_url(backend=backend, sqlite_name="bench-consent.sqlite3", pg_url=pg_url)
    django_start(DATABASE_URL=url)


def _cast() -> dict[str, Any]:
    """The register, Bob in Team Wmo, and two residents without a vault (grants need none)."""
    from accounts.constants import Role
    from accounts.selectors import department_get
    from accounts.services import membership_start, user_create
    from consent.services import purposes_seed

    purposes_seed()
    bob = user_create(username="bob", password=None, role=Role.CASEWORKER)
    membership_start(user=bob, department=department_get(code="wmo"))
    nobody = user_create(username="nobody", password=None, role=Role.RESIDENT)
    return {"bob": bob, "nobody": nobody}


def _insert_grants(first: int, count: int) -> float:
    """``count`` grants for new residents numbered from ``first // 4``, made by the database
    itself (INSERT ... SELECT): row by row from Python would take many minutes for 1M."""
    from django.db import connection, transaction

    from consent.selectors import current_purposes

    versions = {v.purpose.code: v for v in current_purposes()}
    sqlite = connection.vendor == "sqlite"
    uuid_sql = "lower(hex(randomblob(16)))" if sqlite else "gen_random_uuid()"
    series = (
        "WITH RECURSIVE seq(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM seq WHERE i < %s) "
        if sqlite
        else ""
    )
    source = "seq" if sqlite else "generate_series(%s, %s) AS seq(i)"
    now = datetime.now(UTC)
    started = time.perf_counter()
    low = first // GRANTS_PER_RESIDENT
    high = (first + count) // GRANTS_PER_RESIDENT - 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM consent_consentsubject")
        last_subject = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        last_user = cursor.fetchone()[0]
        values = [False, False, True, now]
        cursor.execute(
            f"{series}INSERT INTO accounts_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined, role, language) "
            f"SELECT '!', %s, 'r' || i, '', '', '', %s, %s, %s, 'resident', '' FROM {source}",
            [low, high, *values] if sqlite else [*values, low, high],
        )
        cursor.execute(
            "INSERT INTO consent_consentsubject (pseudonym, resident_id, created_at) "
            f"SELECT {uuid_sql}, id, %s FROM accounts_user WHERE id > %s",
            [now, last_user],
        )
        for code, categories, offset, days in PATTERN:
            version = versions[code]
            start = now + timedelta(days=offset)
            cursor.execute(
                "INSERT INTO consent_grant (id, resident_id, subject_id, purpose_id, "
                "purpose_version_id, department_id, categories, valid_from, valid_until, "
                "awaiting, capacity, created_at) "
                f"SELECT {uuid_sql}, resident_id, id, %s, %s, %s, %s, %s, %s, '', '', %s "
                "FROM consent_consentsubject WHERE id > %s",
                [
                    version.purpose_id,
                    version.pk,
                    version.department_id,
                    json.dumps(categories),
                    start,
                    start + timedelta(days=days),
                    now,
                    last_subject,
                ],
            )
    return time.perf_counter() - started


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _variants(cast: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from consent.models import Grant
    from consent.selectors import decide

    alice = get_user_model().objects.get(username="r0")
    grant_id = Grant.objects.filter(resident=alice).values_list("id", flat=True).first()
    grant_param = grant_id.hex if connection.vendor == "sqlite" else grant_id
    bob, nobody = cast["bob"], cast["nobody"]
    wmo = "wmo-huishoudelijke-hulp"

    def allowed() -> None:
        assert decide(caseworker=bob, resident=alice, purpose_code=wmo, category="health").allowed

    def no_grant() -> None:
        decision = decide(caseworker=bob, resident=nobody, purpose_code=wmo, category="health")
        assert decision.reason == "no_grant"

    def select_one() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def pk_lookup() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM consent_grant WHERE id = %s", [grant_param])
            cursor.fetchone()

    return {
        "decide (allowed)": allowed,
        "decide (no grant)": no_grant,
        "baseline: SELECT 1": select_one,
        "baseline: grant by primary key": pk_lookup,
    }


def _measure(variants: dict[str, Any], *, warmup: int, iterations: int) -> dict[str, list[float]]:
    for function in variants.values():
        for _ in range(warmup):
            function()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(iterations):
        for name, function in variants.items():
            started = time.perf_counter_ns()
            function()
            samples[name].append((time.perf_counter_ns() - started) / 1000)
    return samples


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p99": statistics.quantiles(values, n=100)[98]}


def _queries_and_plans(cast: dict[str, Any]) -> dict[str, Any]:
    """Queries of one allowed decision and one without grants, with their plans."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consent.selectors import decide

    alice = get_user_model().objects.get(username="r0")
    captures = []
    for resident in [alice, cast["nobody"]]:
        with CaptureQueriesContext(connection) as captured:
            decide(
                caseworker=cast["bob"],
                resident=resident,
                purpose_code="wmo-huishoudelijke-hulp",
                category="health",
            )
        captures.append([q["sql"] for q in captured])
    counts = [len(sqls) for sqls in captures]
    # The first query is the same in both cases; the second only runs without grants.
    queries = captures[0] + captures[1][1:]
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (COSTS OFF) "
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(explain + query)
            rows = cursor.fetchall()
            plans.append("\n".join(" | ".join(str(c) for c in row) for row in rows))
    return {"count": counts[0], "count_no_grant": counts[1], "sql": queries, "plans": plans}


def run_backend(args: argparse.Namespace, backend: str) -> dict[str, Any]:
    _setup_django(backend, args.postgres_url)
    from django.db import connection

    cast = _cast()
    result: dict[str, Any] = {"backend": backend, "sizes": []}
    inserted = 0
    for size in sorted(args.sizes):
        seconds = _insert_grants(inserted, size - inserted)
        inserted = size
        _analyze()
        samples = _measure(_variants(cast), warmup=args.warmup, iterations=args.iterations)
        result["sizes"].append(
            {
                "grants": size,
                "insert_seconds": round(seconds, 1),
                "timings": {name: _summary(values) for name, values in samples.items()},
                "queries": _queries_and_plans(cast),
            }
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if backend == "sqlite" else "SHOW server_version")
        server = cursor.fetchone()[0]
    result["server"] = f"SQLite {server}" if backend == "sqlite" else f"PostgreSQL {server}"
    return result


# -- the parent: one child process per backend, then the document -------------------------


def _child(args: argparse.Namespace, backend: str) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        backend,
        "--iterations",
        str(args.iterations),
        "--warmup",
        str(args.warmup),
        "--postgres-url",
        args.postgres_url,
        "--sizes",
        *map(str, args.sizes),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{backend} benchmark failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('Django')}; "
        f"load average at start {load}"
    )


def _table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| Database | Grants | decide (allowed) | decide (no grant) | SELECT 1 | grant by pk "
        "| decide ÷ pk lookup | queries (allowed / no grant) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for size in result["sizes"]:
            t = size["timings"]

            def cell(name: str, t: dict = t) -> str:
                return f"{t[name]['median']:.0f} / {t[name]['p99']:.0f}"

            ratio = t["decide (allowed)"]["median"] / t["baseline: grant by primary key"]["median"]
            lines.append(
                f"| {result['server']} | {size['grants']:,} | {cell('decide (allowed)')} "
                f"| {cell('decide (no grant)')} | {cell('baseline: SELECT 1')} "
                f"| {cell('baseline: grant by primary key')} | {ratio:.1f} "
                f"| {size['queries']['count']} / {size['queries']['count_no_grant']} |"
            )
    return lines


def _verdict(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for result in results:
        medians = [s["timings"]["decide (allowed)"]["median"] for s in result["sizes"]]
        growth = medians[-1] / medians[0]
        met = max(medians) / 1000 < GOAL_MS
        lines.append(
            f"- {result['server']}: median {medians[0]:.0f} µs with "
            f"{result['sizes'][0]['grants']:,} grants, {medians[-1]:.0f} µs with "
            f"{result['sizes'][-1]['grants']:,} ({growth:.2f}×); "
            f"under {GOAL_MS:g} ms: **{'met' if met else 'missed'}**."
        )
    return lines


def _plans(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for result in results:
        largest = result["sizes"][-1]
        lines += ["", f"Query plans on {result['server']} with {largest['grants']:,} grants:", ""]
        for number, plan in enumerate(largest["queries"]["plans"], start=1):
            title = "grants, purpose and membership" if number == 1 else "no grants: purpose"
            lines += [f"{number}. {title}"]
            lines += ["", "   ```", *[f"   {line}" for line in plan.splitlines()], "   ```"]
    return lines


def _section(args: argparse.Namespace, results: list[dict[str, Any]], command: str) -> str:
    inserts = "; ".join(
        r["server"] + ": " + ", ".join(f"{s['insert_seconds']} s" for s in r["sizes"])
        for r in results
    )
    lines = [
        SECTION,
        "",
        "One call of `consent.selectors.decide`, the check before every gateway read, with "
        "the grant table holding each size in turn (grants for 4 purposes per resident, "
        "running, expired and future ones mixed). *allowed*: Bob (Team Wmo) asks for a "
        "category Alice granted; *no grant*: a resident without grants. Baselines in the "
        "same run: `SELECT 1` and one grant row by primary key, through a raw cursor. "
        f"Interleaved rounds: {args.warmup} warm-up and {args.iterations} measured "
        "iterations per variant and size. The decision's queries are compiled once and, on "
        "PostgreSQL, run as server-side prepared statements (`datameent/prepared.py`): planning "
        "them took longer than running them (about 0.6 ms against 0.1 ms).",
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}",
        f"- Bulk insert time per step: {inserts}",
        "",
        "Times in microseconds, median / p99.",
        "",
        *_table(results),
        "",
        f"Goal: flat from 1,000 to 1,000,000 grants, one indexed query for the grants, "
        f"under {GOAL_MS:g} ms. Result:",
        "",
        *_verdict(results),
        *_plans(results),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("DATAMEENT_BENCH_CONSENT_PG_URL", DEFAULT_PG_URL)
    )
    parser.add_argument("--no-write", action="store_true", help="print, do not touch the doc")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_backend(args, args.child)))
        return
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = [_child(args, backend) for backend in backends]
    command = "python bench/bench_consent_decision.py " + " ".join(sys.argv[1:])
    text = _section(args, results, command.strip())
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
