"""Notifications through the outbox, a real Redis and a real ``celery worker``, on PostgreSQL.

The read records its notification pending; the worker's relay, woken by the outbox
trigger's NOTIFY, hands it to Redis. One run measures:

- read path: the event source (an access-log entry, as the gateway writes for a read) with
  and without ``notification_enqueue``, interleaved; the commit is included (there is no
  hand-over in the request). Baseline: the same transaction without the notification.
- lag: from the commit of the event to the inbox entry written by the worker. Baseline:
  events one at a time on an idle worker; then steady load (``--rate`` events/s for
  ``--seconds``), goal p99 <= 2 s; then several threads producing events as fast as they can.
- throughput: a backlog recorded while the broker was "down", handed over by the relay and
  delivered by the worker. Baseline: the same delivery service called in-process.

The event source is one function, ``event_source``; swap in the gateway's read once it exists.
Database ``datameent_bench_notifications`` (recreated) and Redis database 6 (flushed).
Figures go to the "## Notifications" section of docs/benchmarks.md.

    .venv/bin/python bench/bench_notifications.py
    .venv/bin/python bench/bench_notifications.py --events 100 --threads 4 --backlog 500 --no-write
"""

import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchsetup import django_start, recreate_postgres, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Notifications"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/datameent_bench_notifications"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
WORKER_CONCURRENCY = 2


def _setup(pg_url: str, redis_url: str) -> None:
    recreate_postgres(pg_url)
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    django_start(
        DATABASE_URL=pg_url,
        CELERY_BROKER_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        LOG_LEVEL="WARNING",
    )


def _cast(residents: int) -> tuple[list[Any], Any, Any]:
    from accounts.constants import Role
    from accounts.services import (
        department_get_or_create,
        membership_start,
        organisation_get_or_create,
        user_create,
    )
    from tests.factories import valid_bsn
    from vault.services import resident_create

    organisation = organisation_get_or_create(name="Gemeente Meenthuizen")
    department = department_get_or_create(organisation=organisation, code="wmo", name="Team Wmo")
    caseworker = user_create(username="bob", password=None, role=Role.CASEWORKER)
    membership_start(user=caseworker, department=department)
    people = [
        resident_create(username=f"resident{n}", password=None, bsn=valid_bsn(n))
        for n in range(residents)
    ]
    _consent_to_reads(people, department)
    return people, caseworker, department


# Filled by _cast: each resident's reference for the Wmo team, and the purpose's code.
_READS: dict[str, Any] = {"references": {}, "purpose": ""}


def _consent_to_reads(people: list[Any], department: Any) -> None:
    """Every resident grants the Wmo team their household data and holds one such record."""
    from datetime import UTC, datetime, timedelta

    from consent.selectors import current_purposes
    from consent.services import grant_create, purposes_seed
    from municipal_gateway.services.references import reference_get_or_create
    from vault.services import record_create

    purposes_seed()
    code = next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")
    now = datetime.now(UTC)
    for person in people:
        grant_create(
            resident=person,
            purpose_code=code,
            categories=["household"],
            valid_from=now,
            valid_until=now + timedelta(days=7),
        )
        record_create(resident=person, category="household", title="Huishouden", content={})
        _READS["references"][person.pk] = reference_get_or_create(
            resident=person, department=department
        )
    _READS["purpose"] = code


def gateway_read(*, resident: Any, caseworker: Any, department: Any = None) -> int:
    """A real caseworker read through the gateway (``department`` is the reference's, set up
    by _cast); returns the id of the notification it recorded in the read's transaction."""
    from municipal_gateway.services.attempts import Caller
    from municipal_gateway.services.reads import records_read
    from notifications.models import OutboxMessage

    result = records_read(
        caller=Caller(caseworker=caseworker, stated_reason="Aanvraag Wmo"),
        reference=_READS["references"][resident.pk],
        purpose_code=_READS["purpose"],
        category="household",
    )
    source = str(result.log_entry_id)
    return OutboxMessage.objects.filter(kind="access", source_id=source).values_list(
        "id", flat=True
    )[0]


def event_source(*, resident: Any, caseworker: Any, department: Any, notify: bool = True) -> Any:
    """One gateway read: its access-log entry and, in the same transaction, the notification.

    Returns the outbox message id (None without ``notify``) once the transaction committed.
    """
    from django.db import transaction

    from municipal_gateway.constants import Outcome, Reason
    from municipal_gateway.services import access_log_append
    from notifications.services import notification_enqueue

    with transaction.atomic():
        entry = access_log_append(
            resident=resident,
            caseworker=caseworker,
            department=department,
            purpose_code="wmo-support",
            purpose_version=1,
            purpose_name="Hulp bij het huishouden",
            outcome=Outcome.ALLOWED,
            reason=Reason.ALLOWED,
            categories_requested=["household"],
            categories_returned=["household"],
            stated_reason="Aanvraag Wmo",
        )
        if not notify:
            return None
        message = notification_enqueue(
            resident=resident,
            kind="access",
            source_id=f"access-log-{entry.pk}",
            context={
                "actor_id": caseworker.pk,
                "department": department.code,
                "purpose": "wmo-support",
                "purpose_name_nl": "Hulp bij het huishouden",
                "categories": ["household"],
                "reason": "Aanvraag Wmo",
                "occurred_at": entry.occurred_at.isoformat(),
                "access_log_id": str(entry.pk),
            },
        )
    return message.id


class Worker:
    def __init__(self, log: Path) -> None:
        command = [str(Path(sys.executable).parent / "celery"), "-A", "datameent", "worker"]
        command += [f"--concurrency={WORKER_CONCURRENCY}", "--loglevel=INFO", "-n", "bench@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=os.environ.copy(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while " ready." not in log.read_text(errors="replace"):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the worker did not start; see {log}")
            time.sleep(0.2)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def _wait_delivered(ids: list[int], *, poll: float = 0.02, timeout: float = 600) -> None:
    from notifications.models import OutboxMessage

    deadline = time.monotonic() + timeout
    while OutboxMessage.objects.filter(id__in=ids, delivered_at__isnull=True).exists():
        if time.monotonic() > deadline:
            raise SystemExit("messages were not delivered in time")
        time.sleep(poll)


def _lags_ms(committed: dict[int, float]) -> list[float]:
    from notifications.models import InboxEntry

    created = dict(
        InboxEntry.objects.filter(outbox_message_id__in=list(committed)).values_list(
            "outbox_message_id", "created_at"
        )
    )
    return [(created[i].timestamp() - at) * 1000 for i, at in committed.items()]


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p99": p99, "n": len(ordered)}


def measure_read_path(people: list[Any], caseworker: Any, department: Any, n: int) -> dict:
    """Interleaved: the read alone, then the read with its notification, n times each."""
    times: dict[str, list[float]] = {"read": [], "read+notify": []}
    for i in range(n):
        for variant, notify in (("read", False), ("read+notify", True)):
            started = time.perf_counter()
            event_source(
                resident=people[i % len(people)],
                caseworker=caseworker,
                department=department,
                notify=notify,
            )
            times[variant].append((time.perf_counter() - started) * 1000)
    return {variant: _stats(values) for variant, values in times.items()}


def measure_lag_idle(people: list[Any], caseworker: Any, department: Any, n: int) -> dict:
    committed: dict[int, float] = {}
    for i in range(n):
        outbox_id = gateway_read(
            resident=people[i % len(people)], caseworker=caseworker, department=department
        )
        committed[outbox_id] = time.time()
        _wait_delivered([outbox_id], poll=0.002)
    return _stats(_lags_ms(committed))


def measure_lag_loaded(
    people: list[Any],
    caseworker: Any,
    department: Any,
    threads: int,
    per_thread: int,
    rate: float | None = None,
) -> dict:
    """Threads producing events, each as fast as it can or paced to ``rate`` events/s in all."""
    from django.db import connection

    committed: dict[int, float] = {}
    lock = threading.Lock()

    def produce(index: int) -> None:
        resident = people[index]  # one chain per thread: no waiting on each other's lock
        next_at = time.monotonic()
        try:
            for _ in range(per_thread):
                if rate:
                    next_at += threads / rate
                    time.sleep(max(0.0, next_at - time.monotonic()))
                outbox_id = gateway_read(
                    resident=resident, caseworker=caseworker, department=department
                )
                with lock:
                    committed[outbox_id] = time.time()
        finally:
            connection.close()

    started = time.monotonic()
    workers = [threading.Thread(target=produce, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    produced = time.monotonic() - started
    _wait_delivered(list(committed))
    return {**_stats(_lags_ms(committed)), "rate": len(committed) / produced}


def _backlog(people: list[Any], caseworker: Any, size: int, *, pending: bool = True) -> list[int]:
    """Pending messages, as after an outage; their insert wakes the worker's relay. Not
    pending: marked handed over, so the relay leaves them alone."""
    from notifications.models import OutboxMessage

    rows = [
        OutboxMessage(
            kind="access",
            resident=people[i % len(people)],
            source_id=f"backlog-{size}-{i}-{time.monotonic_ns()}",
            payload={"actor_id": caseworker.pk, "reason": "Aanvraag Wmo"},
            dispatched_at=None if pending else datetime.now(UTC),
        )
        for i in range(size)
    ]
    return [row.id for row in OutboxMessage.objects.bulk_create(rows)]


def measure_throughput(people: list[Any], caseworker: Any, size: int) -> dict:
    from notifications.services import outbox_message_deliver

    in_process = _backlog(people, caseworker, max(size // 4, 1), pending=False)
    started = time.monotonic()
    for outbox_id in in_process:
        outbox_message_deliver(outbox_id=outbox_id)
    baseline = len(in_process) / (time.monotonic() - started)

    started = time.monotonic()
    ids = _backlog(people, caseworker, size)
    _wait_delivered(ids)
    elapsed = time.monotonic() - started
    return {"size": size, "worker_rate": size / elapsed, "in_process_rate": baseline}


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [line for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = models[0].split(":", 1)[1].strip() if models else cpu
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('Django')}, "
        f"Celery {version('celery')}, redis-py {version('redis')}; load average at start {load}"
    )


def _versions() -> str:
    import redis
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    server = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).info("server")
    return f"PostgreSQL {postgres}, Redis {server['redis_version']}"


def render(results: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    read, idle, paced, loaded, flow = (
        results["read_path"],
        results["lag_idle"],
        results["lag_paced"],
        results["lag_loaded"],
        results["throughput"],
    )
    ratio = read["read+notify"]["median"] / read["read"]["median"]

    def ms(stats: dict[str, float]) -> str:
        return f"{stats['median']:.1f} / {stats['p99']:.1f}"

    return "\n".join(
        [
            SECTION,
            "",
            "Lag and throughput: real caseworker reads through the gateway "
            "(`municipal_gateway.services.reads.records_read`: decision, decryption, access-log "
            "entry and notification in one transaction). Read-path row: an access event (the "
            "access-log entry the gateway writes for a read) recorded by "
            "`bench.bench_notifications.event_source`, with its notification enqueued in the "
            "same transaction. The notification is recorded pending; the relay in a real "
            f"`celery -A datameent worker` (prefork, concurrency {WORKER_CONCURRENCY}), woken "
            "by the outbox trigger's NOTIFY, hands it to Redis, and the worker delivers it, on "
            "PostgreSQL. The benchmark, the worker, PostgreSQL and Redis share the machine.",
            "",
            f"- Command: `{command}`",
            f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"- Machine: {results['machine']}",
            f"- Services: {results['versions']}",
            "",
            "Milliseconds, median / p99.",
            "",
            "| Measure | Baseline | With notifications | Ratio (median) |",
            "|---|---|---|---|",
            f"| Read path: event transaction incl. commit (no hand-over in the request) "
            f"({read['read']['n']} each, interleaved) | {ms(read['read'])} (without "
            f"notification) | {ms(read['read+notify'])} | **{ratio:.2f}** |",
            f"| Lag commit → inbox entry, steady load | {ms(idle)} (one event at a time, "
            f"{idle['n']} events) | {ms(paced)} ({args.threads} threads paced to "
            f"{paced['rate']:.0f} events/s for {args.seconds:.0f} s, {paced['n']} events) | "
            f"{paced['median'] / idle['median']:.2f} |",
            f"| Lag commit → inbox entry, burst | {ms(idle)} (idem) | {ms(loaded)} "
            f"({args.threads} threads as fast as they can: {loaded['rate']:.0f} events/s, "
            f"{loaded['n']} events) | {loaded['median'] / idle['median']:.2f} |",
            "",
            f"Goal: lag p99 ≤ 2 s under steady load: {paced['p99'] / 1000:.2f} s, "
            f"**{'met' if paced['p99'] <= 2000 else 'missed'}**.",
            "",
            f"Outbox throughput: a backlog of {flow['size']} pending messages (as after an "
            "outage), handed to Redis by the worker's relay and delivered "
            f"to the inbox at **{flow['worker_rate']:.0f} messages/s** end to end. Baseline: "
            f"the delivery service called in-process, one by one: "
            f"{flow['in_process_rate']:.0f} messages/s.",
            "",
            "Reading: the notification adds one insert to the read's transaction and nothing "
            "after it: the request never talks to Redis. Lag is the NOTIFY, the relay's claim "
            "and publish, and the worker's own time while events "
            "arrive slower than it delivers; a burst faster than its delivery rate queues up, "
            "and the lag is then the time to work off the queue. Add workers (or CPUs) for "
            "more throughput; nothing is lost meanwhile.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres-url", default=os.environ.get("DATAMEENT_BENCH_PG_URL"))
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--events", type=int, default=300, help="per measurement")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rate", type=float, default=40.0, help="events/s of the paced load")
    parser.add_argument("--seconds", type=float, default=30.0, help="of the paced load")
    parser.add_argument("--backlog", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    command = ".venv/bin/python bench/bench_notifications.py " + " ".join(sys.argv[1:])
    machine = _machine()
    _setup(args.postgres_url or DEFAULT_PG_URL, args.redis_url)
    people, caseworker, department = _cast(max(args.threads, 8))
    per_thread = max(args.events // args.threads, 1)
    paced = max(round(args.rate * args.seconds / args.threads), 1)
    worker = Worker(ROOT / "var" / "bench-notifications-worker.log")
    try:
        measure_read_path(people, caseworker, department, 20)  # warm-up
        results = {
            "machine": machine,
            "versions": _versions(),
            "read_path": measure_read_path(people, caseworker, department, args.events),
            "lag_idle": measure_lag_idle(people, caseworker, department, args.events // 2),
            "lag_paced": measure_lag_loaded(
                people, caseworker, department, args.threads, paced, rate=args.rate
            ),
            "lag_loaded": measure_lag_loaded(
                people, caseworker, department, args.threads, per_thread
            ),
            "throughput": measure_throughput(people, caseworker, args.backlog),
        }
    finally:
        worker.stop()
    text = render(results, command.strip(), args)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
