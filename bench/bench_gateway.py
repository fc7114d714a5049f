"""Gateway read throughput against a bare Django JSON view, on gunicorn and PostgreSQL.

One run, one server (gunicorn, sync workers, on 127.0.0.1 at a free port), one load
generator on loopback (wrk: fixed connections, fixed duration; it stops by itself):

- *bare*: ``GET /bench/bare/``, a Django view that returns ``{"ok": true}``: the same
  middleware, no database, no work. The baseline.
- *gateway*: ``GET /api/v1/gateway/residents/{ref}/records/?purpose=…&category=health`` with
  an API token and ``X-Reason``: token check, consent decision (grant FOR SHARE), decryption,
  one access-log entry in the resident's chain, one outbox notification, commit, and the
  hand-over to the broker (Redis). Allowed reads, spread over the small data set's residents.

The variants run interleaved (bare, gateway, bare, gateway …). First with 1,000 residents
(every one real: vault, records, grant), then after bulk-loading more residents (synthetic
vaults, records, grants, references, chains) and log entries (consistent hash chains) into
the same database: by default 100,000 residents and 1,000,000 entries.

Database ``datameent_bench_gw`` (recreated), Redis database 7 (flushed). Figures go to the
"## Gateway read throughput" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_gateway.py
    .venv/bin/python bench/bench_gateway.py --duration 5 --large-residents 20000 \\
        --large-entries 200000 --no-write
    .venv/bin/python bench/bench_gateway.py --profile 500     # where a read's CPU goes
"""

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchsetup import recreate_postgres, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Gateway read throughput"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_gw"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
PURPOSE = "wmo-huishoudelijke-hulp"
REASON = "Herindicatie huishoudelijke hulp"
BATCH = 5000

# wrk prints the run's figures on one line, in microseconds, for this script to read.
DONE_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout))
end
"""
GATEWAY_LUA = """
local refs = {%(refs)s}
local n = 0
local headers = {["Authorization"] = "Token %(token)s", ["X-Reason"] = "%(reason)s"}
request = function()
  n = n + 1
  local ref = refs[(n %% #refs) + 1]
  local path = "/api/v1/gateway/residents/" .. ref .. "/records/"
  return wrk.format("GET", path .. "?purpose=%(purpose)s&category=health", headers)
end
"""


# -- setup ---------------------------------------------------------------------------------


def _environment(pg_url: str, redis_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "gateway_settings",
        "DEBUG": "false",  # DEBUG keeps every query in memory
        "DATABASE_URL": pg_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
    }


def _setup_existing(pg_url: str, redis_url: str) -> None:
    """Django on a database a run left behind: nothing recreated, nothing loaded."""
    os.environ.update(_environment(pg_url, redis_url))
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()


def _setup(pg_url: str, redis_url: str) -> None:
    os.environ.update(_environment(pg_url, redis_url))
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    recreate_postgres(pg_url)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Demo-strength password hashing: 1,000 logins are created, none is ever used.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from django.db import connection
    from gateway_urls import WRITE_TABLE_SQL

    with connection.cursor() as cursor:
        cursor.execute(WRITE_TABLE_SQL)


# -- data ----------------------------------------------------------------------------------


def _cast() -> tuple[Any, str, Any]:
    from accounts.constants import Role
    from accounts.services import (
        api_token_create,
        department_get_or_create,
        membership_start,
        organisation_get_or_create,
        user_create,
    )
    from consent.services import purposes_seed

    municipality = organisation_get_or_create(name="Gemeente Meenthuizen", oin="0" * 20)
    wmo = department_get_or_create(organisation=municipality, code="wmo", name="Team Wmo")
    department_get_or_create(organisation=municipality, code="inkomen", name="Team Inkomen")
    purposes_seed()
    bob = user_create(username="bob", password=None, role=Role.CASEWORKER, first_name="Bob")
    membership_start(user=bob, department=wmo)
    _, token = api_token_create(user=bob, name="bench")
    return wmo, token, bob


def _real_residents(count: int, wmo: Any) -> list[str]:
    """Residents made through the services, as in life. Returns bob's references."""
    from consent.services import grant_create
    from municipal_gateway.references import reference_get_or_create
    from tests.factories import valid_bsn
    from vault.services import record_create, resident_create

    refs = []
    for number in range(count):
        resident = resident_create(
            username=f"inwoner{number}", password=None, bsn=valid_bsn(number)
        )
        for category, title in (("health", "Zorgbehoefte"), ("household", "Huishouden")):
            content = {"omschrijving": "x" * 400, "uren_per_week": number % 7}
            record_create(resident=resident, category=category, title=title, content=content)
        grant_create(resident=resident, purpose_code=PURPOSE, categories=["health", "household"])
        refs.append(reference_get_or_create(resident=resident, department=wmo))
    return refs


def _bulk_residents(start: int, stop: int, wmo: Any) -> list[int]:
    """Synthetic residents with a vault, a record, a grant and a reference. Never read."""
    from django.utils import timezone

    from accounts.constants import Role
    from accounts.models import User
    from consent.models import ConsentSubject, Grant, Purpose
    from municipal_gateway.models import ResidentReference
    from vault.models import Record, Vault

    now = timezone.now()
    purpose = Purpose.objects.select_related("current_version").get(code=PURPOSE)
    version = purpose.current_version
    ids: list[int] = []
    for first in range(start, stop, BATCH):
        numbers = range(first, min(first + BATCH, stop))
        users = User.objects.bulk_create(
            [User(username=f"inwoner{n}", password="!", role=Role.RESIDENT) for n in numbers]
        )
        vaults = Vault.objects.bulk_create(
            [
                Vault(resident=user, kek_id="bench", wrapped_dek=secrets.token_bytes(72))
                for user in users
            ]
        )
        Record.objects.bulk_create(
            [
                Record(
                    vault=vault,
                    category="health",
                    ciphertext=secrets.token_bytes(480),
                    provenance="resident",
                    updated_at=now,
                )
                for vault in vaults
            ]
        )
        subjects = ConsentSubject.objects.bulk_create([ConsentSubject(resident=u) for u in users])
        Grant.objects.bulk_create(
            [
                Grant(
                    resident=user,
                    subject=subject,
                    purpose=purpose,
                    purpose_version=version,
                    department=wmo,
                    categories=["health"],
                    valid_from=now,
                    valid_until=now + timedelta(days=90),
                )
                for user, subject in zip(users, subjects, strict=True)
            ]
        )
        ResidentReference.objects.bulk_create(
            [
                ResidentReference(
                    resident=u, department=wmo, reference="ref_" + secrets.token_urlsafe(18)
                )
                for u in users
            ]
        )
        ids.extend(user.id for user in users)
    return ids


ENTRY_COLUMNS = [
    "id", "subject_id", "seq", "prev_hash", "entry_hash", "occurred_at", "started_at",
    "operation", "caseworker_id", "caseworker_name", "department_code", "department_name",
    "organisation_name", "organisation_oin", "purpose_code", "purpose_version", "purpose_name",
    "legal_basis", "grant_id", "categories_requested", "categories_returned", "record_ids",
    "outcome", "reason", "stated_reason", "trace_id", "span_id", "parent_span_id", "request_id",
    "login_method", "login_assurance",
]  # fmt: skip


def _chain(subject_id: str, length: int, bob: Any, start: datetime) -> list[Any]:
    """A consistent chain: real hashes, so verify_access_log would pass over it."""
    from municipal_gateway import encoding
    from municipal_gateway.constants import GENESIS_HASH
    from municipal_gateway.models import AccessLogEntry

    entries, prev = [], GENESIS_HASH
    for seq in range(1, length + 1):
        moment = start + timedelta(minutes=seq)
        entry = AccessLogEntry(
            id=uuid.uuid4(), subject_id=subject_id, seq=seq, prev_hash=prev,
            occurred_at=moment, started_at=moment, operation="records.read",
            caseworker_id=bob.id, caseworker_name="Bob", department_code="wmo",
            department_name="Team Wmo", organisation_name="Gemeente Meenthuizen",
            organisation_oin="0" * 20, purpose_code=PURPOSE, purpose_version=1,
            purpose_name="Wmo", legal_basis="dpv:Consent", grant_id=str(uuid.uuid4()),
            categories_requested=["health"], categories_returned=["health"],
            record_ids=[str(uuid.uuid4())], outcome="allowed", reason="allowed",
            stated_reason=REASON, trace_id=secrets.token_hex(16), span_id=secrets.token_hex(8),
            parent_span_id="", request_id=str(uuid.uuid4()),
        )  # fmt: skip
        entry.entry_hash = prev = encoding.entry_hash(entry)
        entries.append(entry)
    return entries


def _copy_entries(entries: list[Any]) -> None:
    from django.db import connection

    columns = ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY municipal_gateway_accesslogentry ({columns}) FROM STDIN") as copy:
            for entry in entries:
                row = [getattr(entry, name) for name in ENTRY_COLUMNS]
                copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in row])


def _bulk_chains(resident_ids: list[int], total_entries: int, bob: Any) -> None:
    """Subjects, chain heads and ``total_entries`` entries over these residents' chains."""
    from django.db import transaction

    from municipal_gateway import encoding
    from municipal_gateway.models import ChainHead, LogSubject

    # Every resident gets total // n entries, the first total % n one more: exactly ``total``.
    per_chain, extra = divmod(total_entries, max(1, len(resident_ids)))
    lengths = [per_chain + (index < extra) for index in range(len(resident_ids))]
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    step = max(1, BATCH // max(1, per_chain + 1))
    for first in range(0, len(resident_ids), step):
        ids, sizes = resident_ids[first : first + step], lengths[first : first + step]
        batch = list(zip(ids, sizes, strict=True))
        keys = [secrets.token_bytes(32) for _ in batch]
        subjects = [encoding.subject_id_from_key(key) for key in keys]
        chains = [
            _chain(subject_id, length, bob, start)
            for subject_id, (_, length) in zip(subjects, batch, strict=True)
        ]
        with transaction.atomic():
            LogSubject.objects.bulk_create(
                [
                    LogSubject(resident_id=rid, key=key, subject_id=sid)
                    for (rid, _), key, sid in zip(batch, keys, subjects, strict=True)
                ]
            )
            ChainHead.objects.bulk_create(
                [
                    ChainHead(subject_id=sid, seq=len(chain), head_hash=chain[-1].entry_hash)
                    for sid, chain in zip(subjects, chains, strict=True)
                    if chain
                ]
            )
            _copy_entries([entry for chain in chains for entry in chain])


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _counts() -> dict[str, int]:
    from accounts.models import User
    from municipal_gateway.models import AccessLogEntry

    return {
        "residents": User.objects.filter(role="resident").count(),
        "entries": AccessLogEntry.objects.count(),
    }


# -- server and load -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int, workers: int, pg_url: str, redis_url: str) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "--chdir", str(ROOT), "datameent.wsgi:application",
    ]  # fmt: skip
    env = {**os.environ, **_environment(pg_url, redis_url)}
    server = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not come up")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _processes() -> dict[int, tuple[str, int]]:
    """Every process: pid -> (command name, parent pid)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            found[int(entry.name)] = (head.split("(", 1)[1], int(tail.split()[1]))
    return found


def _cpu_snapshot(server: subprocess.Popen) -> dict[str, dict[int, int]]:
    """CPU ticks used so far, per process, by the web server, PostgreSQL and Redis."""
    processes = _processes()
    groups = {
        "web": [server.pid, *(pid for pid, (_, ppid) in processes.items() if ppid == server.pid)],
        "postgres": [pid for pid, (name, _) in processes.items() if name == "postgres"],
        "redis": [pid for pid, (name, _) in processes.items() if name == "redis-server"],
    }
    return {name: {pid: _cpu_ticks(pid) for pid in pids} for name, pids in groups.items()}


def _cpu_used(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict:
    """CPU seconds per group between two snapshots. A process that ended in between is left
    out (what it used is gone with it); one that started counts from zero."""
    tick = os.sysconf("SC_CLK_TCK")
    return {
        name: sum(ticks - before[name].get(pid, 0) for pid, ticks in after[name].items()) / tick
        for name in after
    }


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _wrk(url: str, script: str, args: argparse.Namespace, server: subprocess.Popen) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--timeout", "10s", "-s", file.name, url,
    ]  # fmt: skip
    before, wrk_before = _cpu_snapshot(server), _children_cpu()
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60)
    after, wrk_after = _cpu_snapshot(server), _children_cpu()
    os.unlink(file.name)
    line = next(row for row in output.stdout.splitlines() if row.startswith("RESULT "))
    requests, duration_us, p50, p99, status, socket_errors, timeouts = map(int, line.split()[1:])
    used = _cpu_used(before, after) | {"wrk": wrk_after - wrk_before}
    cpu = {f"cpu_{name}": seconds * 1000 / requests for name, seconds in used.items()}
    return {
        "rps": requests / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p99_ms": p99 / 1000,
        "requests": requests,
        "errors": status + socket_errors + timeouts,
        **cpu,
    }


# What each variant asks for; the floors are bench views (bench/gateway_urls.py).
VARIANTS = ("bare", "select", "write", "gateway")
_MEDIANS = ("rps", "p50_ms", "p99_ms", "cpu_web", "cpu_postgres", "cpu_redis", "cpu_wrk")


def _phase(
    base: str, gateway_lua: str, args: argparse.Namespace, server: subprocess.Popen
) -> dict[str, dict]:
    """Interleaved rounds of all variants; the median of the rounds.

    A warm-up run first reads every resident once, so each worker has compiled its queries
    and every chain exists: both phases then measure the steady state, not first reads.
    """
    warm_up = argparse.Namespace(**{**vars(args), "duration": max(3, args.residents // 150)})
    _wrk(base, gateway_lua, warm_up, server)
    runs: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for name in VARIANTS:
            if name == "gateway":
                runs[name].append(_wrk(base, gateway_lua, args, server))
            else:
                runs[name].append(_wrk(f"{base}/bench/{name}/", DONE_LUA, args, server))
    return {
        name: {key: statistics.median(run[key] for run in results) for key in _MEDIANS}
        | {"errors": sum(run["errors"] for run in results)}
        | {"requests": sum(run["requests"] for run in results)}
        for name, results in runs.items()
    }


def _check_one_read(base: str, ref: str, token: str) -> None:
    request = urllib.request.Request(
        f"{base}/api/v1/gateway/residents/{ref}/records/?purpose={PURPOSE}&category=health",
        headers={"Authorization": f"Token {token}", "X-Reason": REASON},
    )
    body = json.load(urllib.request.urlopen(request, timeout=10))
    assert body["records"] and body["records"][0]["title"] == "Zorgbehoefte", body


# -- report --------------------------------------------------------------------------------


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        names = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')}; load average at start {load}"
    )


def _postgres_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def _row(label: str, counts: dict, result: dict) -> str:
    bare, select, write, gateway = (result[name] for name in VARIANTS)
    errors = sum(result[name]["errors"] for name in VARIANTS)
    return (
        f"| {label} ({counts['residents']:,} residents, {counts['entries']:,} entries) "
        f"| {bare['rps']:.0f} | {select['rps']:.0f} | {write['rps']:.0f} "
        f"| {gateway['rps']:.0f} | {gateway['p50_ms']:.1f} / {gateway['p99_ms']:.1f} "
        f"| **{gateway['rps'] / bare['rps']:.2f}** | {write['rps'] / bare['rps']:.2f} "
        f"| {gateway['rps'] / write['rps']:.2f} | {errors} |"
    )


def _cpu_rows(label: str, result: dict) -> list[str]:
    rows = []
    for name in VARIANTS:
        cpu = [result[name][f"cpu_{part}"] for part in ("web", "postgres", "redis", "wrk")]
        figures = " | ".join(f"{value:.2f}" for value in cpu)
        rows.append(f"| {label} | {name} | {figures} | {sum(cpu):.2f} |")
    return rows


def _cpu_total(result: dict, variant: str) -> float:
    return sum(result[variant][f"cpu_{part}"] for part in ("web", "postgres", "redis", "wrk"))


def _reading(small: dict) -> str:
    bare, write, gateway = (_cpu_total(small, name) for name in ("bare", "write", "gateway"))
    return (
        f"Reading (small data set): a gateway read costs {gateway:.2f} ms of CPU in all "
        f"processes, the *write* floor {write:.2f} ms and the bare view {bare:.2f} ms. On a "
        "machine where the CPU is the limit, reaching 50% of the bare view's throughput means "
        f"a read may cost at most {2 * bare:.2f} ms: less than the write floor, one row "
        "inserted and committed. A read that writes and commits its access-log entry in the "
        "same transaction, as this product must, cannot reach that here; the floor it can "
        "approach is the write view, and it reaches "
        f"{small['gateway']['rps'] / small['write']['rps']:.0%} of its throughput. Where the "
        "read's own CPU goes: `python bench/bench_gateway.py --profile 500` (cProfile, "
        "in-process)."
    )


def _section(args: argparse.Namespace, rows: list[str], results: list[dict], meta: dict) -> str:
    small, large = (result["gateway"]["rps"] for result in results)
    ratios = [result["gateway"]["rps"] / result["bare"]["rps"] for result in results]
    floors = [result["write"]["rps"] / result["bare"]["rps"] for result in results]
    loss = 1 - large / small
    # The same loss measured against the bare view of the same phase: the machine is shared,
    # and a busier machine slows both variants alike.
    relative_loss = 1 - ratios[1] / ratios[0]
    verdict = lambda ok: "met" if ok else "**missed**"  # noqa: E731
    cpu_rows = [row for label, r in zip(("small", "large"), results, strict=True) for row in
                _cpu_rows(label, r)]  # fmt: skip
    return "\n".join(
        [
            SECTION,
            "",
            "*gateway*: an allowed caseworker read through the gateway (API token, reference, "
            "consent decision with the grant FOR SHARE, decryption of one record, one "
            "access-log entry in the resident's chain, one outbox notification, commit, "
            "hand-over to Redis). Baselines on the same server, with the same middleware: "
            "*bare*, a Django JSON view with no database; *select*, the same plus one "
            "`SELECT 1`; *write*, the same plus one 200-byte row inserted and committed, the "
            "least any logged read must do (`bench/gateway_urls.py`). gunicorn with "
            f"{args.workers} sync workers on 127.0.0.1, wrk on loopback with {args.threads} "
            f"threads and {args.connections} connections, {args.duration} s per run, the "
            f"variants interleaved, {args.rounds} rounds each; medians of the rounds. Reads are "
            f"spread over {args.residents:,} real residents, each read once in a warm-up run "
            "before the measured runs. The large data set adds synthetic "
            "residents (vault, record, grant, reference) and consistent hash chains to the same "
            f"database. Persistent database connections (CONN_MAX_AGE={args.conn_max_age}).",
            "",
            f"- Command: `{meta['command']}`",
            f"- Date: {meta['date']}",
            f"- Machine: {meta['machine']}; {meta['postgres']}",
            "",
            "Throughput in requests per second; latency p50 / p99 in milliseconds.",
            "",
            "| Data set | bare | select | write | gateway | gateway p50 / p99 "
            "| gateway ÷ bare | write ÷ bare | gateway ÷ write | errors |",
            "|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Goals: the gateway reaches at least 50% of the bare view's throughput: "
            f"{ratios[0]:.0%} small, {ratios[1]:.0%} large ({verdict(min(ratios) >= 0.5)}); "
            f"at most 10% lost between the small and the large data set: {loss:.1%} "
            f"({verdict(loss <= 0.10)}); relative to the bare view of the same phase "
            f"{relative_loss:.1%} ({verdict(relative_loss <= 0.10)}). The *write* floor alone "
            f"reaches {floors[0]:.0%} and {floors[1]:.0%} of the bare view.",
            "",
            _reading(results[0]),
            "",
            "CPU time per request in milliseconds, by process, measured from `/proc` around each "
            "run (median of the rounds). The machine has "
            f"{os.cpu_count()} CPUs, so throughput is at most {os.cpu_count()} ÷ total.",
            "",
            "| Data set | Variant | web (gunicorn) | PostgreSQL | Redis | wrk | total |",
            "|---|---|---|---|---|---|---|",
            *cpu_rows,
            "",
        ]
    )


def _profile(args: argparse.Namespace) -> None:
    """Where a read's CPU goes, in-process: the test client on the bench database, cProfile on
    process time, then the project's own functions by cumulative time."""
    import cProfile
    import pstats

    from django.test import Client

    _setup(args.postgres_url, args.redis_url)
    wmo, token, _ = _cast()
    refs = _real_residents(min(args.residents, 200), wmo)
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_X_REASON": REASON}

    def read(number: int) -> None:
        url = f"/api/v1/gateway/residents/{refs[number % len(refs)]}/records/"
        response = client.get(url, {"purpose": PURPOSE, "category": "health"}, **headers)
        assert response.status_code == 200, response.content

    for number in range(2 * len(refs)):  # compile, prepare and make every chain first
        read(number)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for number in range(args.profile):
        read(number)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(
        r"/(datameent|accounts|consent|vault|"
        r"municipal_gateway|notifications)/",
        40,
    )
    stats.sort_stats("cumulative").print_stats(r"(celery/app/task|rest_framework/views)", 4)


# -- main ----------------------------------------------------------------------------------


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres-url", default=os.environ.get("DATAMEENT_BENCH_GW_PG_URL", DEFAULT_PG_URL)
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--residents", type=int, default=1000, help="small data set")
    parser.add_argument("--large-residents", type=int, default=100_000)
    parser.add_argument("--large-entries", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile N reads in-process instead"
    )
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.profile:
        _profile(args)
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    meta = {"command": "python " + " ".join(["bench/bench_gateway.py", *sys.argv[1:]])}
    meta["machine"] = _machine()
    os.environ["CONN_MAX_AGE"] = str(args.conn_max_age)
    _setup(args.postgres_url, args.redis_url)
    meta["postgres"] = _postgres_version()
    wmo, token, bob = _cast()
    print(f"seeding {args.residents} real residents …", flush=True)
    refs = _real_residents(args.residents, wmo)
    _analyze()
    lua = DONE_LUA + GATEWAY_LUA % {
        "refs": ", ".join(f'"{ref}"' for ref in refs),
        "token": token,
        "reason": REASON,
        "purpose": PURPOSE,
    }
    rows, results = [], []
    for label in ("small", "large"):
        if label == "large":
            started = time.monotonic()
            print("bulk-loading the large data set …", flush=True)
            ids = _bulk_residents(args.residents, args.large_residents, wmo)
            entries_now = _counts()["entries"]
            _bulk_chains(ids, max(0, args.large_entries - entries_now), bob)
            _analyze()
            print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)
        counts = _counts()
        port = _free_port()
        server = _serve(port, args.workers, args.postgres_url, args.redis_url)
        try:
            base = f"http://127.0.0.1:{port}"
            _check_one_read(base, refs[0], token)
            result = _phase(base, lua, args, server)
        finally:
            _stop(server)
        print(label, counts, json.dumps(result), flush=True)
        rows.append(_row(label, counts, result))
        results.append(result)
    meta["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = _section(args, rows, results, meta)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
