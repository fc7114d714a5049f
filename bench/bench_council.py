"""The client council's statistics on a large access log, against a plain count.

*recount*: ``council.services.statistics_snapshot_update(year=...)``, the background count of
one year (six grouped counts over the access log and the consent history, stored).
*page*: ``council.selectors.statistics_for_council(year=...)``, what the page and API do
per view: read the stored counts and apply disclosure control. *count*: the same year's
entries counted with one ``SELECT count(*)``, the least any statistic over them must read.
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
    from council.selectors import statistics_for_council, year_bounds
    from council.services import statistics_snapshot_update
    from municipal_gateway.models import AccessLogEntry

    start, end = year_bounds(YEAR)
    now = datetime(YEAR, 12, 31, 12, tzinfo=UTC)
    variants = {
        "recount": lambda: statistics_snapshot_update(year=YEAR, now=now),
        "page": lambda: statistics_for_council(year=YEAR, now=now),
        "count": lambda: AccessLogEntry.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end
        ).count(),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for function in variants.values():
        function()  # warm-up: plans, caches
    for _ in range(runs):
        for name, function in variants.items():
            times[name].append(_timed(function))
    return times


def _section(command: str, rows: list[str], meta: dict[str, str]) -> str:
    return "\n".join(
        [
            SECTION,
            "",
            "What the client council's statistics cost on a large access log. *recount*: "
            "`council.services.statistics_snapshot_update` for one year, the background "
            "count (six grouped counts over the access log and the consent history, stored). "
            "*page*: `council.selectors.statistics_for_council`, what each view of the page "
            "or API does (read the stored counts, apply disclosure control). Baseline "
            "*count*: one `SELECT count(*)` over the same year's entries. In-process on "
            "PostgreSQL, interleaved, one warm-up each. Synthetic residents with consent and "
            "consistent hash chains, all entries in one year (the gateway benchmark's bulk "
            "loaders).",
            "",
            f"- Command: `{command}`",
            f"- Date: {meta['date']}",
            f"- Machine: {meta['machine']}; {meta['postgres']}",
            "",
            "Milliseconds, median / p99.",
            "",
            "| Residents | Entries | recount | page | count | recount ÷ count | page ÷ count |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            "Reading: a recount reads every entry of the year once per grouping, so it grows "
            "with the log; it runs in the background (nightly, and when the page finds its "
            "counts older than `COUNCIL_STATISTICS_MAX_AGE`). A view of the page reads one "
            "stored row, whatever the size of the log (docs/council-statistics.md).",
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
            for name in ("recount", "page", "count")
        )
        rows.append(
            f"| {counts['residents']:,} | {counts['entries']:,} | {figures} | "
            f"{medians['recount'] / medians['count']:.1f} | "
            f"{medians['page'] / medians['count']:.2f} |"
        )
    meta["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = _section(command, rows, meta)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
