"""Instructions per gateway read, against the bare view, counted by callgrind.

On a shared machine with 2 CPUs, timings of one change against another move by 5-10 % from
run to run (bench_gateway.py), more than most changes to the read path are worth. valgrind's
callgrind counts the instructions the web process executes, which is the same from run to
run, whatever else the machine does. So a change to the read path can be judged here, to
the percent, before bench_gateway.py measures its throughput.

One database (``datameent_bench_ri``, recreated) with 100 real residents (made through the
services, as in bench_gateway.py), each read once first so that every chain exists (a first
read about someone makes it, and costs more). Then, for each variant, two child processes under
callgrind make the same warm-up requests through Django's test client and then ``N`` and 0
more; the difference, divided by ``N``, is one request's count, without start-up and
warm-up. Variants: *gateway*, an allowed read with an API token (as bench_gateway.py's);
*lean*, the same read as the bench's floor of a logged read (bench/lean_read.py); *bare*,
the bench's bare JSON view, with the same middleware. Figures go to the "## Gateway read
instructions" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_read_instructions.py            # about 5 minutes
    .venv/bin/python bench/bench_read_instructions.py --reads 100
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench")]

import bench_gateway as gateway  # noqa: E402
from benchsetup import write_section  # noqa: E402

SECTION = "## Gateway read instructions"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_ri"
RESIDENTS = 100
WARM_UP = 150
VARIANTS = ("gateway", "lean", "bare")


def _child(variant: str, reads: int, pg_url: str) -> None:
    """Run inside callgrind: warm up, then ``reads`` requests of ``variant``."""
    gateway._setup_existing(pg_url, gateway.DEFAULT_REDIS_URL)
    from django.test import Client

    wmo, token, _ = gateway._cast_again()
    refs = gateway._real_references(RESIDENTS, wmo)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_X_REASON": gateway.REASON}

    def request(number: int) -> None:
        if variant == "bare":
            response = client.get("/bench/bare/")
        else:
            read = gateway.READS[variant]
            url = f"{read['path']}{refs[number % len(refs)]}{read['tail']}"
            response = client.get(
                url, {"purpose": gateway.PURPOSE, "category": "health"}, **headers
            )
        assert response.status_code == 200, response.content

    for number in range(WARM_UP + reads):
        request(number)


def _count(variant: str, reads: int, pg_url: str) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        variant,
        "--reads",
        str(reads),
        "--postgres-url",
        pg_url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"callgrind run failed ({variant}, {reads}):\n{done.stderr[-3000:]}")
    return int(found.group(1))


def _report(counts: dict[str, float], reads: int, meta: dict[str, str]) -> str:
    gateway_count, lean, bare = counts["gateway"], counts["lean"], counts["bare"]
    return f"""{SECTION}

Instructions the web process executes per request, counted by valgrind's callgrind: the
same from run to run whatever else the machine does, so a change to the read path can be
judged to the percent (timings move by 5-10 % between runs here). Each variant runs twice in
Django's test client, in-process, on PostgreSQL: {WARM_UP} warm-up requests and then
{reads} and 0 more; the difference divided by {reads} is one request. *gateway*: an allowed
read with an API token ({RESIDENTS} real residents, as in bench_gateway.py); *lean*: the
least a logged read with the same guarantees can do, the same answer in two round trips
(bench/lean_read.py); *bare*: the bench's bare JSON view with the same middleware. The
test client's own work is in all three.
PostgreSQL's work is not counted (bench_gateway.py measures its CPU).

- Command: `{meta["command"]}`
- Date: {meta["date"]}
- Machine: {meta["machine"]}

| Variant | instructions per request | ÷ bare |
|---|---|---|
| gateway | {gateway_count / 1000:,.0f} k | {gateway_count / bare:.2f} |
| lean | {lean / 1000:,.0f} k | {lean / bare:.2f} |
| bare | {bare / 1000:,.0f} k | 1.00 |

The read's own work, above the bare view: {(gateway_count - bare) / 1000:,.0f} k instructions;
the lean read's, {(lean - bare) / 1000:,.0f} k.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres-url", default=DEFAULT_PG_URL)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.reads, args.postgres_url)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed: apt-get install valgrind")
    meta = {
        "command": "python " + " ".join(["bench/bench_read_instructions.py", *sys.argv[1:]]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": gateway._machine(),
    }
    os.environ["CONN_MAX_AGE"] = "60"
    gateway._setup(args.postgres_url, gateway.DEFAULT_REDIS_URL)
    wmo, _, _ = gateway._cast()
    print(f"seeding {RESIDENTS} real residents …", flush=True)
    gateway._real_residents(RESIDENTS, wmo)
    # A first read about someone makes their chain: done once here, outside callgrind, so
    # the counted runs (the first with more reads than the second) meet the same database.
    prime = [sys.executable, __file__, "--child", "gateway", "--reads", "0"]
    subprocess.run([*prime, "--postgres-url", args.postgres_url], check=True)
    counts = {}
    for variant in VARIANTS:
        started = time.perf_counter()
        many = _count(variant, args.reads, args.postgres_url)
        none = _count(variant, 0, args.postgres_url)
        counts[variant] = (many - none) / args.reads
        print(
            f"{variant}: {counts[variant] / 1000:,.0f} k instructions per request "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    text = _report(counts, args.reads, meta)
    write_section(SECTION, text)
    print(text)


if __name__ == "__main__":
    main()
