"""With a real Redis, real ``celery worker``/``beat`` processes and PostgreSQL.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/datameent_notifications``.
Skipped locally without PostgreSQL or Redis; failing instead in CI (tests/service_checks.py).
"""

import base64
import json
import os
import re
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.selectors import department_get
from consent.selectors import current_purposes, grants_for_resident
from consent.services import grant_create, purposes_seed
from datameent.celery import app as celery_app
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services.attempts import Caller
from municipal_gateway.services.reads import records_read
from municipal_gateway.services.references import reference_get_or_create
from notifications import services
from notifications.constants import Channel, Kind
from notifications.models import DigestRun, InboxEntry, OutboxMessage
from tests import service_checks
from tests.conftest import ALICE_BSN
from tests.notifications.conftest import DEAD_BROKER_URL, access_context, celery_broker
from tests.notifications.processes import Celery, wait_for
from vault.services import record_create

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("DATAMEENT_TEST_NOTIFICATIONS_REDIS_URL", "redis://127.0.0.1:6379/5")
QUICK_SECONDS = 2.0


@pytest.fixture
def live_redis(require_postgres) -> Iterator[str]:
    problem = service_checks.redis_problem(REDIS_URL)
    if problem:
        service_checks.missing(problem)
    service_checks.redis_flush(REDIS_URL)
    yield REDIS_URL
    service_checks.redis_flush(REDIS_URL)


@pytest.fixture
def celery(live_redis, tmp_path, transactional_db):
    """Depends on the database, so its processes stop before the test database is flushed."""
    processes = Celery(broker_url=live_redis, tmp_path=tmp_path)
    yield processes
    processes.stop_all()


def gateway_read(*, resident, caseworker, department=None) -> OutboxMessage:
    """A real caseworker read through the gateway: decision, decryption, access-log entry and
    notification in one transaction. Returns the notification it recorded."""
    code = _wmo_grant(resident)
    reference = reference_get_or_create(resident=resident, department=department_get(code="wmo"))
    caller = Caller(caseworker=caseworker, stated_reason="Aanvraag Wmo 2026-0142")
    result = records_read(caller=caller, reference=reference, purpose_code=code)
    return OutboxMessage.objects.get(kind=Kind.ACCESS, source_id=str(result.log_entry_id))


def _wmo_grant(resident) -> str:
    purposes_seed()
    version = next(v for v in current_purposes() if v.department.code == "wmo")
    if not grants_for_resident(resident=resident).exists():
        now = timezone.now()
        grant_create(
            resident=resident,
            purpose_code=version.purpose.code,
            categories=list(version.categories),
            valid_from=now,
            valid_until=now + timedelta(days=7),
        )
    return version.purpose.code


def _entries(resident) -> int:
    return InboxEntry.objects.filter(resident=resident).count()


def _locked(outbox_id: int) -> bool:
    try:
        with transaction.atomic():
            list(OutboxMessage.objects.select_for_update(nowait=True).filter(id=outbox_id))
    except DatabaseError:
        return True
    return False


def test_it_delivers_through_a_worker(celery, alice, bob, wmo_department):
    celery.worker()

    with celery_broker(celery.broker_url):
        message = gateway_read(resident=alice, caseworker=bob, department=wmo_department)

    wait_for(lambda: _entries(alice) == 1, timeout=90, what="the inbox entry")
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 1


def test_it_survives_a_dead_broker_and_delivers_once_it_is_back(celery, alice, bob, wmo_department):
    started = time.monotonic()
    with celery_broker(DEAD_BROKER_URL):
        message = gateway_read(resident=alice, caseworker=bob, department=wmo_department)
    elapsed = time.monotonic() - started

    assert elapsed < QUICK_SECONDS, f"the read took {elapsed:.2f}s with the broker down"
    assert AccessLogEntry.objects.filter(caseworker_id=bob.pk).count() == 1
    message.refresh_from_db()
    assert (message.dispatched_at, message.delivered_at, message.attempts) == (None, None, 0)

    # The worker's relay hands it over as soon as it runs; no sweep needed.
    celery.worker()
    wait_for(lambda: _entries(alice) == 1, timeout=90, what="the relayed entry")
    # A later sweep finds nothing left to do: still one entry.
    with celery_broker(celery.broker_url):
        assert services.outbox_sweep(now=timezone.now() + timedelta(hours=1)) == 0
    assert _entries(alice) == 1


def _queued(url: str) -> list[bytes]:
    return redis.Redis.from_url(url).lrange(celery_app.conf.task_default_queue, 0, -1)


def test_a_read_publishes_nothing_to_the_broker(live_redis, alice, bob, wmo_department):
    with celery_broker(live_redis):  # no worker, so no relay: what the read itself sends
        message = gateway_read(resident=alice, caseworker=bob, department=wmo_department)

    assert _queued(live_redis) == []
    message.refresh_from_db()
    assert (message.dispatched_at, message.attempts) == (None, 0)


def test_two_relays_hand_over_each_message_once(celery, alice, bob, wmo_department):
    workers = [celery.worker(), celery.worker()]
    with celery_broker(celery.broker_url):
        messages = [
            gateway_read(resident=alice, caseworker=bob, department=wmo_department)
            for _ in range(20)
        ]

    wait_for(lambda: _entries(alice) == 20, timeout=90, what="the twenty entries")
    time.sleep(3)  # room for a second hand-over, if one were coming
    ids = [m.id for m in messages]
    assert set(OutboxMessage.objects.filter(id__in=ids).values_list("attempts", flat=True)) == {1}
    received = [re.findall(r"deliver_outbox_message\[(.+?)\] received", w.log()) for w in workers]
    # Each message's task reached a worker once: no relay published a message twice.
    assert sum(map(len, received)) == 20 and _entries(alice) == 20


def test_a_worker_killed_between_claim_and_publish_loses_nothing(celery, alice, bob):
    first = celery.worker(DATAMEENT_TEST_RELAY_PAUSE="60")
    with celery_broker(celery.broker_url):
        message = gateway_read(resident=alice, caseworker=bob, department=None)
    claimed = OutboxMessage.objects.filter(id=message.id, dispatched_at__isnull=False)
    wait_for(claimed.exists, timeout=90, what="the relay to claim the message")

    first.kill()
    celery.worker()
    time.sleep(3)
    assert _entries(alice) == 0  # claimed by the dead relay: not pending, not published
    # The sweep's safety net: handed over again once the claim is older than its horizon.
    with celery_broker(celery.broker_url):
        assert services.outbox_sweep(now=timezone.now() + timedelta(minutes=3)) == 1
    wait_for(lambda: _entries(alice) == 1, timeout=90, what="the swept entry")
    time.sleep(3)
    assert _entries(alice) == 1


def test_it_runs_a_task_again_after_its_worker_was_killed(celery, alice, bob):
    first = celery.worker(DATAMEENT_TEST_TASK_DELAY="60")
    with celery_broker(celery.broker_url):
        message = gateway_read(resident=alice, caseworker=bob, department=None)
    # The worker holds the row lock while it pauses: it is mid-task.
    wait_for(lambda: _locked(message.id), timeout=90, what="the worker to start the task")

    first.kill()
    # PostgreSQL rolls the dead worker's transaction back once it sees the connection close.
    wait_for(lambda: not _locked(message.id), timeout=30, what="the lock to be released")
    assert _entries(alice) == 0

    # A new worker finds the unacknowledged task once the visibility timeout has passed.
    celery.worker(
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        # Killed mid-scan, the first worker may have left the restore lock behind (kombu's
        # default: 5 minutes). Seen once in CI: no rerun within 90 s.
        CELERY_UNACKED_MUTEX_EXPIRE="2",
    )
    wait_for(lambda: _entries(alice) == 1, timeout=90, what="the rerun after the kill")
    time.sleep(3)
    assert _entries(alice) == 1
    message.refresh_from_db()
    assert message.delivered_at is not None


def test_it_fires_every_scheduled_job_from_beat(celery, alice_with_email, bob, settings):
    stuck = OutboxMessage.objects.create(
        kind=Kind.ACCESS,
        resident=alice_with_email,
        source_id="never-delivered",
        payload=access_context(actor=bob),
    )
    # Handed over long ago and never delivered: the relay leaves it, only the sweep takes it.
    long_ago = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.filter(id=stuck.id).update(
        created_at=long_ago, dispatched_at=long_ago, attempts=1
    )
    yesterday = timezone.now() - timedelta(days=1)
    digest_entry = InboxEntry.objects.create(
        resident=alice_with_email,
        kind=Kind.REFUSED_ACCESS,
        channel=Channel.DAILY,
        context=access_context(actor=bob),
        occurred_at=yesterday,
    )
    InboxEntry.objects.filter(id=digest_entry.id).update(created_at=yesterday)

    worker = celery.worker()
    celery.beat(app="tests.notifications.fast_beat")

    wait_for(
        lambda: InboxEntry.objects.filter(outbox_message_id=stuck.id).exists(),
        timeout=90,
        what="the outbox sweep",
    )
    wait_for(lambda: DigestRun.objects.exists(), timeout=90, what="the daily digest")
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        wait_for(
            lambda name=entry["task"]: f"{name}[" in worker.log() or f"'{name}'" in worker.log(),
            timeout=90,
            what=f"{entry['task']} to reach the worker",
        )


def test_it_puts_no_personal_data_on_the_broker(live_redis, alice_with_email, bob, wmo_department):
    record_create(
        resident=alice_with_email,
        category="debts",
        title="Schuldsanering-ZX81",
        content={"bedrag": "Openstaand-4711"},
    )
    bob.first_name, bob.last_name = "Robert", "Bouwman"
    bob.save()
    with celery_broker(live_redis):  # no worker: the relay here, the message stays queued
        message = gateway_read(resident=alice_with_email, caseworker=bob, department=wmo_department)
        assert services.outbox_relay() == 1

    raw = _queued(live_redis)
    assert len(raw) == 1
    envelope = json.loads(raw[0])
    body = base64.b64decode(envelope["body"])
    args, kwargs, _ = json.loads(body)
    assert (args, kwargs) == ([message.id], {})
    forbidden = [
        "alice",
        "Alice",
        "alice@example.org",
        ALICE_BSN,
        "Robert",
        "Bouwman",
        "bob",
        "Schuldsanering-ZX81",
        "Openstaand-4711",
        "Aanvraag Wmo",
        "Hulp bij het huishouden",
        "Team Wmo",
        "Meenthuizen",
        "household",
    ]
    for text in forbidden:
        assert text.encode() not in raw[0] and text.encode() not in body, text
