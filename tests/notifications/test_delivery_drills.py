"""Fault drills for delivery exactly once per channel, with real services: PostgreSQL, Redis,
``celery worker``/``beat`` processes and a real SMTP server (aiosmtpd) in this process.

Each drill counts exactly: notifications sent (outbox rows), delivered ok, e-mail claims
failed or unknown, inbox entries, e-mails received, duplicates and lost (entries that
should have been mailed and were not).

Run with ``DATABASE_URL=postgres://…`` and ``DATAMEENT_TEST_NOTIFICATIONS_REDIS_URL``.
"""

import shutil
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.utils import timezone

from notifications import selectors, services
from notifications.constants import Channel, Kind
from notifications.models import InboxEntry, OutboxMessage
from tests import service_checks
from tests.notifications.conftest import celery_broker
from tests.notifications.processes import Celery, wait_for
from tests.notifications.smtp_sink import SmtpSink
from tests.notifications.test_integration import REDIS_URL, gateway_read

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Redelivery of a killed worker's task within seconds instead of an hour.
QUICK_REDELIVERY = {
    "CELERY_VISIBILITY_TIMEOUT": "2",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    "CELERY_UNACKED_RESTORE_THROTTLE": "1",
}


@dataclass(frozen=True)
class Counts:
    sent: int
    ok: int
    failed: int
    unknown: int
    inbox: int
    emails: int
    duplicates: int
    lost: int


def counts(sink: SmtpSink) -> Counts:
    """Of the caseworkers' reads (beat may add other kinds, such as a grant warning)."""
    from notifications.models import EmailDelivery

    mailed = set(sink.message_ids())
    outbox = OutboxMessage.objects.filter(kind=Kind.ACCESS)
    entries = InboxEntry.objects.filter(kind=Kind.ACCESS)
    return Counts(
        sent=outbox.count(),
        ok=outbox.filter(delivered_at__isnull=False).count(),
        failed=EmailDelivery.objects.filter(state="failed").count(),
        unknown=len(selectors.email_deliveries_unknown(now=timezone.now() + timedelta(hours=1))),
        inbox=entries.count(),
        emails=len(sink.messages),
        duplicates=sink.duplicates(),
        lost=sum(
            1 for entry in entries.filter(channel=Channel.EMAIL) if _message_id(entry) not in mailed
        ),
    )


def _message_id(entry: InboxEntry) -> str:
    from notifications.emails import entry_message_id

    return entry_message_id(entry)


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def live_redis(require_postgres) -> Iterator[str]:
    problem = service_checks.redis_problem(REDIS_URL)
    if problem:
        service_checks.missing(problem)
    service_checks.redis_flush(REDIS_URL)
    yield REDIS_URL
    service_checks.redis_flush(REDIS_URL)


@pytest.fixture
def private_redis(require_postgres, tmp_path) -> Iterator[subprocess.Popen]:
    """A Redis of our own, so the drill can freeze or stop it without touching the shared one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = _redis_server(port, tmp_path)
    yield process
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def _redis_server(port: int, directory) -> subprocess.Popen:
    server = shutil.which("redis-server")
    if server is None:
        service_checks.missing("redis-server is not installed (apt-get install redis-server)")
    process = subprocess.Popen(
        [str(server), "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    process.url = f"redis://127.0.0.1:{port}/0"  # type: ignore[attr-defined]
    wait_for(lambda: _pings(process.url), timeout=10, what="the private redis-server")  # type: ignore[attr-defined]
    return process


def _pings(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def mailed_alice(alice_with_email):
    services.notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    return alice_with_email


def _delivered(message: OutboxMessage) -> bool:
    return OutboxMessage.objects.filter(id=message.id, delivered_at__isnull=False).exists()


def test_a_worker_killed_after_the_smtp_send_mails_once(
    live_redis, tmp_path, sink, mailed_alice, bob
):
    celery = Celery(broker_url=live_redis, tmp_path=tmp_path)
    try:
        first = celery.worker(**sink.settings(), DATAMEENT_TEST_PAUSE_AFTER_SEND="60")
        with celery_broker(live_redis):
            message = gateway_read(resident=mailed_alice, caseworker=bob)
        wait_for(lambda: len(sink.messages) == 1, timeout=90, what="the first mail")

        first.kill()
        celery.worker(**sink.settings(), **QUICK_REDELIVERY)
        wait_for(lambda: _delivered(message), timeout=90, what="the redelivered task")
        time.sleep(3)  # room for a second mail, if one were coming
    finally:
        celery.stop_all()

    assert counts(sink) == Counts(
        sent=1, ok=1, failed=0, unknown=1, inbox=1, emails=1, duplicates=0, lost=0
    )


def test_a_database_connection_dropped_after_the_send_mails_once(
    live_redis, tmp_path, sink, mailed_alice, bob
):
    celery = Celery(broker_url=live_redis, tmp_path=tmp_path)
    try:
        celery.worker(**sink.settings(), DATAMEENT_TEST_PAUSE_AFTER_SEND="3")
        with celery_broker(live_redis):
            message = gateway_read(resident=mailed_alice, caseworker=bob)
        wait_for(lambda: len(sink.messages) == 1, timeout=90, what="the first mail")

        assert _terminate_other_backends() >= 1
        # The worker's retry settles it; give it until the sweep's old 15-minute horizon.
        try:
            wait_for(lambda: _delivered(message), timeout=30, what="the retried task")
        finally:
            with celery_broker(live_redis):
                services.outbox_sweep(now=timezone.now() + timedelta(minutes=16))
        wait_for(lambda: _delivered(message), timeout=60, what="the swept message")
        time.sleep(3)
    finally:
        celery.stop_all()

    assert counts(sink) == Counts(
        sent=1, ok=1, failed=0, unknown=1, inbox=1, emails=1, duplicates=0, lost=0
    )


def _terminate_other_backends() -> int:
    """Drop every connection to the test database but ours: the worker's, mid-task."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def test_a_hung_redis_delays_mail_but_loses_and_repeats_none(
    private_redis, tmp_path, sink, mailed_alice, bob
):
    url = private_redis.url  # type: ignore[attr-defined]
    celery = Celery(broker_url=url, tmp_path=tmp_path)
    try:
        celery.worker(**sink.settings())
        celery.beat(app="tests.notifications.fast_beat")
        with celery_broker(url):
            before = gateway_read(resident=mailed_alice, caseworker=bob)
        wait_for(lambda: _delivered(before), timeout=90, what="the mail before the hang")

        private_redis.send_signal(signal.SIGSTOP)
        try:
            with celery_broker(url):
                started = time.monotonic()
                during = [gateway_read(resident=mailed_alice, caseworker=bob) for _ in range(3)]
                elapsed = time.monotonic() - started
            time.sleep(5)
        finally:
            private_redis.send_signal(signal.SIGCONT)
        resumed = time.monotonic()

        wait_for(
            lambda: all(_delivered(m) for m in during), timeout=40, what="the mails after the hang"
        )
        print(f"DRILL delivered {time.monotonic() - resumed:.1f}s after Redis resumed")
        time.sleep(3)
    finally:
        celery.stop_all()

    # The reads never talk to Redis: a hung one costs them nothing (it used to cost ~1 s each).
    assert elapsed < 1.5, f"three reads took {elapsed:.2f}s with Redis hung"

    assert counts(sink) == Counts(
        sent=4, ok=4, failed=0, unknown=0, inbox=4, emails=4, duplicates=0, lost=0
    )


def test_a_refused_mail_is_retried_with_backoff_by_a_real_worker_and_sent_once(
    live_redis, tmp_path, sink, mailed_alice, bob
):
    from notifications.models import EmailDelivery

    sink.refuse(2)
    celery = Celery(broker_url=live_redis, tmp_path=tmp_path)
    try:
        worker = celery.worker(**sink.settings())
        with celery_broker(live_redis):
            message = gateway_read(resident=mailed_alice, caseworker=bob)
        wait_for(lambda: _delivered(message), timeout=90, what="the mail after two refusals")
        time.sleep(3)
        retries = [line for line in worker.log().splitlines() if "retry: Retry in" in line]
    finally:
        celery.stop_all()

    assert sink.refused == 2 and len(retries) == 2, retries
    assert EmailDelivery.objects.get().attempts == 3
    assert counts(sink) == Counts(
        sent=1, ok=1, failed=0, unknown=0, inbox=1, emails=1, duplicates=0, lost=0
    )


def _timed_reads(url: str, resident, caseworker, count: int) -> tuple[list[float], list]:
    times, messages = [], []
    with celery_broker(url):
        for _ in range(count):
            started = time.monotonic()
            messages.append(gateway_read(resident=resident, caseworker=caseworker))
            times.append(time.monotonic() - started)
    return times, messages


def test_reads_go_on_while_redis_is_hung_or_down_and_all_arrive_after(
    private_redis, tmp_path, sink, mailed_alice, bob
):
    url = private_redis.url  # type: ignore[attr-defined]
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    celery = Celery(broker_url=url, tmp_path=tmp_path)
    restarted = None
    try:
        celery.worker(**sink.settings())
        _, before = _timed_reads(url, mailed_alice, bob, 3)  # warm-up
        _wait_all(before, what="the mails before the faults")

        private_redis.send_signal(signal.SIGSTOP)
        hung, during_hang = _timed_reads(url, mailed_alice, bob, 10)
        private_redis.send_signal(signal.SIGCONT)
        _wait_all(during_hang, what="the mails after Redis resumed")

        private_redis.terminate()
        private_redis.wait(timeout=10)
        down, during_outage = _timed_reads(url, mailed_alice, bob, 10)
        time.sleep(3)  # the relay tries, fails and keeps them pending
        assert not any(_delivered(m) for m in during_outage)
        restarted = _redis_server(port, tmp_path)  # Redis returns, empty
        _wait_all(during_outage, what="the mails after Redis returned")
        time.sleep(3)  # room for a second mail, if one were coming
    finally:
        celery.stop_all()
        if restarted is not None:
            restarted.terminate()
            restarted.wait(timeout=10)

    median_hung, median_down = statistics.median(hung), statistics.median(down)
    print(f"DRILL read median: hung {median_hung * 1000:.0f} ms, down {median_down * 1000:.0f} ms")
    # No longer with Redis hung than down: a read waits for neither.
    assert median_hung <= median_down * 1.5 + 0.02 and max(hung + down) < 0.5
    assert counts(sink) == Counts(
        sent=23, ok=23, failed=0, unknown=0, inbox=23, emails=23, duplicates=0, lost=0
    )


def _wait_all(messages: list, *, what: str) -> None:
    wait_for(lambda: all(_delivered(m) for m in messages), timeout=90, what=what)
