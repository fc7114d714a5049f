"""The client council's statistics on a large access log, against a plain count.

*recount_open*, *recount_month*, *final*: ``council.services.statistics_snapshot_update``
within the open month, when a month has just closed, after the year (see the section
text). *page*, *page_cold*: ``council.selectors.statistics_for_council`` with the
secondary suppression kept or solved again; *council_page*, *public_page*: the two pages
through Django's test client (middleware, view, template). *count*, *count_month*: the
year's and the closed month's entries counted with one ``SELECT count(*)``, the least any
statistic over them must read. In-process on PostgreSQL, one warm-up each, median and p99
of ``--runs`` runs (``--final-runs`` for the full count).

Data sets, loaded in SQL (INSERT ... SELECT from generate_series, no Python per row):
residents (logins and log pseudonyms) and their log entries, spread evenly over the twelve
months of 2026 and written in time order, 3 % refused over eight reasons, over every
registered purpose. Default: 10,000 residents with 100,000 entries, then 100,000 with
1,000,000 and 1,000,000 with 10,000,000. Database ``datameent_bench_council`` (recreated).
Figures go to the "## Council statistics" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_council.py
    .venv/bin/python bench/bench_council.py --sizes 2000:20000 --runs 5 --no-write
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).parent)]

import bench_gateway as gateway  # noqa: E402  (after the path is set)
from benchsetup import write_section  # noqa: E402

SECTION = "## Council statistics"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_council"
YEAR = 2026


# -- data: SQL only, set-based (INSERT ... SELECT from generate_series) ---------------------

# What the loaded entries say, spread deterministically: per 1,000 attempts, 30 refused,
# each refusal reason in proportion to its weight (the rest allowed).
REFUSED_PER_1000 = 30
REASON_WEIGHTS = {
    "no_grant": 10,
    "category_not_covered": 6,
    "expired": 5,
    "revoked": 4,
    "not_a_member_of_department": 2,
    "purpose_not_for_department": 1,
    "not_yet_valid": 1,
    "unknown_resident": 1,
}

USERS_SQL = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                           is_staff, is_active, date_joined, role, language)
SELECT '!', false, 'inwoner' || n, '', '', '', false, true, now(), 'resident', ''
FROM generate_series(%(first)s, %(stop)s - 1) AS n
"""

# Each resident's pseudonym: a (synthetic) 32-byte key and the subject id the gateway
# derives from it (municipal_gateway.encoding.subject_id_from_key), so the link is valid.
SUBJECTS_SQL = """
INSERT INTO municipal_gateway_logsubject (resident_id, key, subject_id, created_at)
SELECT u.id, k.key, encode(sha256(%(domain)s || k.key), 'hex'), now()
FROM accounts_user AS u
CROSS JOIN LATERAL (SELECT sha256(convert_to('bench-key:' || u.id, 'UTF8')) AS key) AS k
WHERE u.role = 'resident' AND u.id > %(after_user)s
"""

# ``length`` entries per subject, the first ``extra`` subjects one more. Entry g of a chain
# falls at (g - 1 + phase) / length of the year, with a phase per subject: every chain is
# in time order and the entries cover all twelve months evenly. One statement per month,
# rows in time order: an append-only log lies on disk in the order it was written. Hashes
# link each entry to the one before (prev_hash = the previous entry_hash) but are not the
# hash of the entry's content (see the section text: the counts never read them).
ENTRIES_SQL = """
WITH chains AS (
    SELECT s.subject_id, s.rank,
           %(length)s + (s.rank <= %(extra)s)::int AS length,
           ((s.rank * 2654435761) %% 1000003) / 1000003.0 AS phase
    FROM (SELECT subject_id, row_number() OVER (ORDER BY id) AS rank
          FROM municipal_gateway_logsubject WHERE id > %(after_subject)s) AS s
), positions AS (
    SELECT c.subject_id, g AS seq, c.length,
           %(start)s::timestamptz + (%(end)s::timestamptz - %(start)s::timestamptz)
               * ((g - 1 + c.phase) / c.length) AS occurred_at,
           ((c.rank * 7919 + g * 104729) %% 1000) AS draw
    FROM chains AS c CROSS JOIN LATERAL generate_series(
        greatest(1, ceil(c.length * %(slice_from)s::numeric - c.phase + 1)::int),
        least(c.length, ceil(c.length * %(slice_to)s::numeric - c.phase + 1)::int - 1)
    ) AS g
), attempts AS (
    SELECT p.*,
           CASE WHEN p.draw < %(refused)s THEN 'refused' ELSE 'allowed' END AS outcome,
           CASE WHEN p.draw < %(refused)s
                THEN (%(reasons)s::text[])[1 + p.draw %% array_length(%(reasons)s::text[], 1)]
                ELSE 'allowed' END AS reason,
           (%(purposes)s::text[])[
               1 + (p.draw * 31 + p.seq) %% array_length(%(purposes)s::text[], 1)
           ] AS purpose_code
    FROM positions AS p
)
INSERT INTO municipal_gateway_accesslogentry (
    id, subject_id, seq, prev_hash, entry_hash, occurred_at, started_at, operation,
    caseworker_id, caseworker_name, department_code, department_name, organisation_name,
    organisation_oin, purpose_code, purpose_version, purpose_name, legal_basis, grant_id,
    categories_requested, categories_returned, record_ids, outcome, reason, stated_reason,
    trace_id, span_id, parent_span_id, request_id, login_method, login_assurance)
SELECT gen_random_uuid(), a.subject_id, a.seq,
       CASE WHEN a.seq = 1 THEN %(genesis)s
            ELSE encode(sha256(convert_to(a.subject_id || ':' || (a.seq - 1), 'UTF8')), 'hex')
       END,
       encode(sha256(convert_to(a.subject_id || ':' || a.seq, 'UTF8')), 'hex'),
       a.occurred_at, a.occurred_at, 'records.read',
       %(caseworker)s, 'Bob', 'wmo', 'Team Wmo', 'Gemeente Meenthuizen', %(oin)s,
       a.purpose_code, 1, a.purpose_code, 'dpv:Consent',
       CASE WHEN a.outcome = 'allowed' THEN gen_random_uuid()::text ELSE '' END,
       '["health"]'::jsonb,
       CASE WHEN a.outcome = 'allowed' THEN '["health"]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN a.outcome = 'allowed' THEN jsonb_build_array(gen_random_uuid()::text)
            ELSE '[]'::jsonb END,
       a.outcome, a.reason, %(stated)s,
       md5(a.subject_id || a.seq), substr(md5(a.seq || a.subject_id), 1, 16), '',
       gen_random_uuid()::text, 'api_token', ''
FROM attempts AS a
ORDER BY a.occurred_at
"""

HEADS_SQL = """
INSERT INTO municipal_gateway_chainhead (subject_id, seq, head_hash, updated_at)
SELECT e.subject_id, max(e.seq),
       encode(sha256(convert_to(e.subject_id || ':' || max(e.seq), 'UTF8')), 'hex'), now()
FROM municipal_gateway_accesslogentry AS e
JOIN municipal_gateway_logsubject AS s ON s.subject_id = e.subject_id
WHERE s.id > %(after_subject)s
GROUP BY e.subject_id
"""


def _scalar(sql: str, params: dict[str, Any] | None = None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return int(cursor.fetchone()[0] or 0)


def _execute(sql: str, params: dict[str, Any]) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _reasons() -> list[str]:
    return [reason for reason, weight in REASON_WEIGHTS.items() for _ in range(weight)]


def _month_fractions(start: datetime, end: datetime) -> list[tuple[Decimal, Decimal]]:
    """Each local month of the year as a slice ``[from, to)`` of the year, as fractions:
    exact decimals, so that neighbouring slices meet without a gap or an overlap."""
    from django.utils import timezone

    edges = [timezone.make_aware(datetime(YEAR, month, 1)) for month in range(1, 13)] + [end]
    year = Decimal((end - start).total_seconds())
    fractions = [Decimal((edge - start).total_seconds()) / year for edge in edges]
    return list(zip(fractions, fractions[1:], strict=False))


def _sql_load(first: int, stop: int, entries: int, caseworker: Any) -> None:
    """Residents ``first``..``stop``-1 (logins and pseudonyms only) and ``entries`` log
    entries over their chains, in SQL: no Python per row."""
    from consent.selectors import current_purposes
    from council.selectors import year_bounds
    from municipal_gateway.constants import GENESIS_HASH, SUBJECT_ID_DOMAIN

    after_user = _scalar("SELECT max(id) FROM accounts_user")
    after_subject = _scalar("SELECT max(id) FROM municipal_gateway_logsubject")
    _execute(USERS_SQL, {"first": first, "stop": stop})
    _execute(SUBJECTS_SQL, {"domain": SUBJECT_ID_DOMAIN, "after_user": after_user})
    residents = stop - first
    length, extra = divmod(entries, max(1, residents))
    start, end = year_bounds(YEAR)
    params = {
        "length": length, "extra": extra, "after_subject": after_subject,
        "start": start, "end": end, "refused": REFUSED_PER_1000, "reasons": _reasons(),
        "purposes": sorted(version.purpose.code for version in current_purposes()),
        "genesis": GENESIS_HASH, "caseworker": caseworker.id, "oin": "0" * 20,
        "stated": "Herindicatie",
    }  # fmt: skip
    for month, (slice_from, slice_to) in enumerate(_month_fractions(start, end), start=1):
        started = time.perf_counter()
        _execute(ENTRIES_SQL, {**params, "slice_from": slice_from, "slice_to": slice_to})
        print(f"  month {month}: {time.perf_counter() - started:.0f} s", flush=True)
    _execute(HEADS_SQL, {"after_subject": after_subject})


# -- measuring -----------------------------------------------------------------------------


def _timed(function: Callable[[], Any]) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def _pages() -> dict[str, Callable[[], Any]]:
    """The two pages as a browser gets them (middleware, view, template), in-process."""
    from django.test import Client

    from accounts.constants import Role
    from accounts.models import User
    from accounts.services import user_create

    council, public = Client(), Client()
    member = User.objects.filter(username="carol").first() or user_create(
        username="carol", password=None, role=Role.COUNCIL, first_name="Carol"
    )
    council.force_login(member)

    def get(client: Client, url: str) -> None:
        response = client.get(url, {"jaar": YEAR})
        assert response.status_code == 200, (url, response.status_code)

    return {
        "council_page": lambda: get(council, "/raad/statistieken/"),
        "public_page": lambda: get(public, "/statistieken/"),
    }


def _measure(runs: int, final_runs: int) -> dict[str, list[float]]:
    """Each variant in the state it is measured in: a running year (snapshot counted up to
    October, then November closes; December is open), then the closed year."""
    from django.utils import timezone

    from council import selectors
    from council.models import StatisticsSnapshot
    from council.selectors import statistics_for_council, year_bounds
    from council.services import statistics_snapshot_update
    from municipal_gateway.models import AccessLogEntry

    start, end = year_bounds(YEAR)
    november = timezone.make_aware(datetime(YEAR, 11, 1))
    december = timezone.make_aware(datetime(YEAR, 12, 1))
    snapshots = StatisticsSnapshot.objects.filter(year=YEAR)
    snapshots.delete()
    statistics_snapshot_update(year=YEAR, now=november + timedelta(hours=2))  # Jan-Oct
    up_to_october = snapshots.values("counts", "counted_at").get()

    def recount_month() -> None:  # November has just closed: it alone is read
        snapshots.update(**up_to_october)
        statistics_snapshot_update(year=YEAR, now=december + timedelta(hours=2))

    def final() -> None:
        snapshots.delete()
        statistics_snapshot_update(year=YEAR, now=end + timedelta(days=1))

    def page_cold() -> None:
        selectors._PROTECTED.clear()  # the secondary suppression solved again
        statistics_for_council(year=YEAR)

    running = {
        "recount_month": recount_month,
        # December is open, November counted: what a stale page view starts.
        "recount_open": lambda: statistics_snapshot_update(
            year=YEAR, now=december + timedelta(days=19)
        ),
        "count_month": AccessLogEntry.objects.filter(
            occurred_at__gte=november, occurred_at__lt=december
        ).count,
        "count": AccessLogEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end).count,
    }
    times: dict[str, list[float]] = {name: [] for name in NAMES}
    _interleaved(running, runs, times)
    for _ in range(final_runs):
        times["final"].append(_timed(final))
    # Logged in only now: the full counts take longer than an idle session lives.
    closed = {
        "page": lambda: statistics_for_council(year=YEAR),
        "page_cold": page_cold,
        **_pages(),
    }
    _interleaved(closed, runs, times)
    return times


def _interleaved(
    variants: dict[str, Callable[[], Any]], runs: int, times: dict[str, list[float]]
) -> None:
    for function in variants.values():
        function()  # warm-up: plans, caches
    for _ in range(runs):
        for name, function in variants.items():
            times[name].append(_timed(function))


NAMES = (
    "recount_open", "recount_month", "count_month", "final", "count",
    "page", "page_cold", "council_page", "public_page",
)  # fmt: skip


INTRO = (
    "What the client council's statistics cost on a large access log (issue 13), with the "
    "entries spread over the whole year. *recount_open*: "
    "`council.services.statistics_snapshot_update` within the open month (December), what "
    "a stale page view starts: closed months are kept, the open month is not published and "
    "not read. *recount_month*: the recount just after a month closed (November; "
    "January-October kept), the one recount that reads entries: one month's, about 1/12 of "
    "the year. Baseline *count_month*: `SELECT count(*)` of that month. *final*: the one "
    "full count after the year ended (all tables, distinct residents over the year), "
    "nightly in the background. Baseline *count*: `SELECT count(*)` of the year. *page*: "
    "`council.selectors.statistics_for_council` of the closed year (one stored row; "
    "secondary suppression kept per process); *page_cold*: the same with the secondary "
    "suppression solved again (HiGHS). *council_page*, *public_page*: `GET "
    "/raad/statistieken/` as carol and `GET /statistieken/` without a login, in-process "
    "through Django's test client (middleware, view, template; the charts are separate "
    "image requests). One warm-up each; the running-year variants interleaved, then the "
    "final counts, then the closed-year variants interleaved."
)
DATA = (
    "Data: loaded in SQL (`INSERT ... SELECT` from `generate_series`, no Python per row, "
    "`bench_council._sql_load`): residents with a login and a log pseudonym (a synthetic "
    "key and the subject id the gateway derives from it), ten entries each, evenly over the "
    "twelve months of 2026, one statement per month in time order (as an append-only log "
    "lies on disk), 3 % refused over eight reasons, over every registered purpose. "
    "Synthetic, and why it does not change what is measured: the entries' hashes link "
    "each to the one before (prev_hash, chain heads) but are not the SHA-256 of the "
    "entry's canonical encoding (that needs the JSON canonicalisation of "
    "`municipal_gateway.encoding`, per entry in order, which plain SQL does not give), so "
    "`verify_access_log` would report them; residents have no vault, records, grants or "
    "consent events. The council's counts read only `occurred_at`, `outcome`, `reason`, "
    "`purpose_code` and `subject_id` of the entries (and the consent events, here none), "
    "never a hash, a grant or a record, so the rows they read and group are those of a "
    "real log of this size."
)


def _section(command: str, rows: list[str], meta: dict[str, str]) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            INTRO,
            "",
            DATA,
            "",
            f"- Command: `{command}`",
            f"- Date: {meta['date']}",
            f"- Machine: {meta['machine']}; {meta['postgres']}",
            "",
            "Milliseconds, median / p99.",
            "",
            "| Residents | Entries | " + " | ".join(NAMES) + " |",
            "|---|---|" + "---|" * len(NAMES),
            *rows,
            "",
        ]
    )


def _figure(values: list[float]) -> str:
    if not values:
        return "not measured"
    p99 = statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]
    return f"{statistics.median(values):.1f} / {p99:.1f}"


def _row(args: argparse.Namespace) -> str:
    counts = gateway._counts()
    times = _measure(args.runs, args.final_runs)
    print(counts, {name: _figure(values) for name, values in times.items()}, flush=True)
    figures = " | ".join(_figure(times[name]) for name in NAMES)
    return f"| {counts['residents']:,} | {counts['entries']:,} | {figures} |"


def _load_and_measure(args: argparse.Namespace) -> list[str]:
    gateway._setup(args.postgres_url, args.redis_url)
    _wmo, _token, bob = gateway._cast()
    rows, residents_now = [], 0
    for size in args.sizes:
        residents, entries = (int(part) for part in size.split(":"))
        started = time.perf_counter()
        _sql_load(residents_now, residents, entries - gateway._counts()["entries"], bob)
        residents_now = residents
        gateway._analyze()
        print(size, f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
        rows.append(_row(args))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATAMEENT_BENCH_COUNCIL_PG_URL", DEFAULT_PG_URL),
    )
    parser.add_argument("--redis-url", default=gateway.DEFAULT_REDIS_URL)
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["10000:100000", "100000:1000000", "1000000:10000000"],
        help="residents:entries, growing",
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--final-runs", type=int, default=3, help="the full count is slow")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database as a run left it, no load"
    )
    args = parser.parse_args()
    command = "python " + " ".join(["bench/bench_council.py", *sys.argv[1:]])
    if args.reuse:
        gateway._setup_existing(args.postgres_url, args.redis_url)
        rows = [_row(args)]
    else:
        rows = _load_and_measure(args)
    meta = {"machine": gateway._machine(), "postgres": gateway._postgres_version()}
    meta["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = _section(command, rows, meta)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
