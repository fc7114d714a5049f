"""The client council's statistics on a large access log, against a plain count.

*recount_open*, *recount_month*, *final*: ``council.services.statistics_snapshot_update``
within a month, when a month has just closed, after the year (see the section text).
*page*, *page_cold*: ``council.selectors.statistics_for_council`` with the secondary
suppression kept or solved again. *count*: the same year's entries counted with one
``SELECT count(*)``, the least any statistic over them must read.
All in-process on PostgreSQL, interleaved, after one warm-up each; median and p99 of
``--runs`` runs.

Data sets, built with the gateway benchmark's bulk loaders (synthetic residents with
consent and consistent hash chains, all in January 2026): 10,000 residents with 100,000
entries, then 100,000 residents with 1,000,000 entries. Database ``datameent_bench_council``
(recreated). Figures go to the "## Council statistics" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_council.py
    .venv/bin/python bench/bench_council.py --sizes 2000:20000 --runs 5 --no-write
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).parent)]

import bench_gateway as gateway  # noqa: E402  (after the path is set)
from benchsetup import write_section  # noqa: E402

SECTION = "## Council statistics"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_council"
YEAR = 2026


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def _measure(runs: int) -> dict[str, list[float]]:
    from council import selectors
    from council.models import StatisticsSnapshot
    from council.selectors import statistics_for_council, year_bounds
    from council.services import statistics_snapshot_update
    from municipal_gateway.models import AccessLogEntry

    start, end = year_bounds(YEAR)
    in_month = datetime(YEAR, 12, 20, 12, tzinfo=UTC)  # December open, Jan-Nov closed
    month_closed = datetime(YEAR, 2, 1, 2, tzinfo=UTC)  # January (every entry) just closed
    after_year = datetime(YEAR + 1, 1, 2, 3, tzinfo=UTC)

    def recount_month() -> None:
        StatisticsSnapshot.objects.filter(year=YEAR).delete()
        statistics_snapshot_update(year=YEAR, now=month_closed)

    def final() -> None:
        StatisticsSnapshot.objects.filter(year=YEAR).delete()
        statistics_snapshot_update(year=YEAR, now=after_year)

    def page_cold() -> None:
        selectors._PROTECTED.clear()  # the secondary suppression solved again
        statistics_for_council(year=YEAR)

    variants = {
        "recount_open": lambda: statistics_snapshot_update(year=YEAR, now=in_month),
        "recount_month": recount_month,
        "final": final,
        "page": lambda: statistics_for_council(year=YEAR),
        "page_cold": page_cold,
        "count": lambda: AccessLogEntry.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end
        ).count(),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for function in variants.values():
        function()  # warm-up: plans, caches
    for _ in range(runs):
        for name, function in variants.items():
            if name == "recount_open":  # a running year's snapshot, counted before
                recount_month()
            if name == "page":
                final()
                statistics_for_council(year=YEAR)
            times[name].append(_timed(function))
    return times


NAMES = ("recount_open", "recount_month", "final", "page", "page_cold", "count")


def _section(command: str, rows: list[str], meta: dict[str, str]) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            "What the client council's statistics cost on a large access log (issue 13). "
            "*recount_open*: `council.services.statistics_snapshot_update` of a running year "
            "within a month, what a stale page view starts: closed months are kept, the open "
            "month is never read. *recount_month*: the recount when a month has just closed, "
            "here January holding every entry (the worst case: it reads that month once). "
            "*final*: the one full count after the year ended (all tables and totals). "
            "*page*: `council.selectors.statistics_for_council` of the closed year, what each "
            "view of the council page, the public page or the API does (one stored row; "
            "secondary suppression kept per process). *page_cold*: the same with the "
            "secondary suppression solved again (HiGHS integer programs; the first view per "
            "process). Baseline *count*: one `SELECT count(*)` over the year's entries. "
            "In-process on PostgreSQL, interleaved, one warm-up each. Synthetic residents "
            "with consent and consistent hash chains, all entries in January (the gateway "
            "benchmark's bulk loaders).",
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
            "Reading: *recount_open* and *page* do not grow with the log; *recount_month* "
            "grows with the entries of the month that closed, *final* with the year, and both "
            "run in the background (nightly rollup, Celery). 10,000,000 entries were not "
            "measured in this session (the bulk load alone takes too long on the shared "
            "2-core machine).",
            "",
        ]
    )


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
        default=["10000:100000", "100000:1000000"],
        help="residents:entries, growing",
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    command = "python " + " ".join(["bench/bench_council.py", *sys.argv[1:]])
    gateway._setup(args.postgres_url, args.redis_url)
    wmo, _token, bob = gateway._cast()
    meta = {"machine": gateway._machine(), "postgres": gateway._postgres_version()}
    rows, residents_now = [], 0
    for size in args.sizes:
        residents, entries = (int(part) for part in size.split(":"))
        ids = gateway._bulk_residents(residents_now, residents, wmo)
        residents_now = residents
        gateway._bulk_chains(ids, max(0, entries - gateway._counts()["entries"]), bob)
        gateway._analyze()
        counts = gateway._counts()
        times = _measure(args.runs)
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(size, counts, medians, flush=True)
        figures = " | ".join(
            f"{medians[name]:.1f} / {statistics.quantiles(times[name], n=100)[98]:.1f}"
            for name in NAMES
        )
        rows.append(f"| {counts['residents']:,} | {counts['entries']:,} | {figures} |")
    meta["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = _section(command, rows, meta)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
