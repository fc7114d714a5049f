"""The outbox relay: pending rows handed to the broker after commit, never by the request.

Eager mode runs deliveries inline (the embedded default); a dead broker is a port nobody
listens on. The PostgreSQL-only tests skip on SQLite and run in ``make test-postgres``.
"""

import logging
import threading
import time

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from notifications import services
from notifications.constants import OUTBOX_CHANNEL, Kind
from notifications.exceptions import InvalidNotification
from notifications.models import InboxEntry, OutboxMessage
from notifications.relay import RelayThread
from tests.notifications.conftest import DEAD_BROKER_URL, access_context, celery_broker
from tests.notifications.processes import wait_for

pytestmark = pytest.mark.django_db
# Row locks, the trigger and CTEs with an INSERT: PostgreSQL's, run by `make test-postgres`.
ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def _statement(resident, actor, source_id: str = "log-1") -> tuple[str, list]:
    return services.notification_enqueue_sql(
        resident_id=resident.pk,
        kind=Kind.ACCESS,
        source_id=source_id,
        context=access_context(actor=actor),
    )


def _pending(resident, actor, count: int) -> list[OutboxMessage]:
    return [
        OutboxMessage.objects.create(
            kind=Kind.ACCESS,
            resident=resident,
            source_id=f"p-{n}",
            payload=access_context(actor=actor),
        )
        for n in range(count)
    ]


def test_the_statement_records_a_pending_message_once(alice, bob):
    sql, params = _statement(alice, bob)

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(sql, params)  # a source reported twice: nothing, and no error

    message = OutboxMessage.objects.get()
    assert (message.resident, message.dispatched_at, message.attempts) == (alice, None, 0)
    assert message.payload == access_context(actor=bob) | {
        "occurred_at": message.payload["occurred_at"]
    }
    assert not sql.rstrip().endswith(";")


def test_the_statement_is_checked_like_an_enqueue(alice):
    with pytest.raises(InvalidNotification):
        services.notification_enqueue_sql(
            resident_id=alice.pk, kind=Kind.ACCESS, source_id="log-1", context={"bsn": "1"}
        )


@ON_POSTGRES
def test_the_statement_runs_inside_a_callers_cte(alice, bob):
    sql, params = _statement(alice, bob)

    with connection.cursor() as cursor:
        cursor.execute(f"WITH note AS ({sql} RETURNING id) SELECT count(*) FROM note", params)
        assert cursor.fetchone() == (1,)


def test_it_relays_once_per_transaction_after_commit(
    alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(3):
            services.notification_enqueue(
                resident=alice,
                kind=Kind.ACCESS,
                source_id=f"log-{n}",
                context=access_context(actor=bob),
            )
        assert not InboxEntry.objects.exists()

    assert len(callbacks) == 1
    assert InboxEntry.objects.filter(resident=alice).count() == 3


def test_it_relays_what_the_caller_wrote_with_the_statement(
    alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(*_statement(alice, bob))
        services.notification_enqueued()

    assert OutboxMessage.objects.get().delivered_at is not None
    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_relays_after_a_rolled_back_savepoint_dropped_the_first_run(
    alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.notification_enqueue(
                resident=alice,
                kind=Kind.ACCESS,
                source_id="gone",
                context=access_context(actor=bob),
            )
            raise RuntimeError("the read failed")
        services.notification_enqueue(
            resident=alice, kind=Kind.ACCESS, source_id="kept", context=access_context(actor=bob)
        )

    assert len(callbacks) == 1
    assert list(InboxEntry.objects.values_list("outbox_message__source_id", flat=True)) == ["kept"]


def test_it_leaves_the_hand_over_to_the_relay_with_a_broker(
    alice, bob, django_capture_on_commit_callbacks
):
    with celery_broker(DEAD_BROKER_URL):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            services.notification_enqueue(
                resident=alice,
                kind=Kind.ACCESS,
                source_id="log-1",
                context=access_context(actor=bob),
            )
        elapsed = time.monotonic() - started

    assert callbacks == [] and elapsed < 0.5
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == 1


def test_the_relay_hands_over_every_pending_message_in_batches(alice, bob):
    pending = _pending(alice, bob, 5)
    busy = OutboxMessage.objects.filter(id=pending[0].id)
    busy.update(dispatched_at=OutboxMessage.objects.get(id=pending[1].id).created_at)

    assert services.outbox_relay(limit=2) == 4

    assert InboxEntry.objects.count() == 4
    assert list(OutboxMessage.objects.order_by("id").values_list("attempts", flat=True)) == [
        0,
        1,
        1,
        1,
        1,
    ]
    assert services.outbox_relay() == 0


def test_the_relay_puts_back_what_a_dead_broker_did_not_take(alice, bob, caplog):
    pending = _pending(alice, bob, 3)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING), celery_broker(DEAD_BROKER_URL):
        assert services.outbox_relay() == 0
    elapsed = time.monotonic() - started

    # One try for the batch, not one per message: the broker is down for all of them.
    assert elapsed < 3, f"{elapsed:.1f}s"
    rows = OutboxMessage.objects.order_by("id").values_list("dispatched_at", "attempts")
    assert list(rows) == [(None, 1)] * 3
    ids = ", ".join(str(message.id) for message in pending)
    assert f"Outbox messages {ids} not handed to the broker (OperationalError)" in caplog.text
    assert "alice" not in caplog.text and "bob" not in caplog.text

    assert services.outbox_relay() == 3  # the broker is back (eager here)
    assert InboxEntry.objects.count() == 3


def test_the_sweep_hands_over_what_a_relay_claimed_and_never_published(alice, bob):
    from datetime import timedelta

    from django.utils import timezone

    (message,) = _pending(alice, bob, 1)
    long_ago = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=long_ago, dispatched_at=long_ago, attempts=1
    )

    assert services.outbox_sweep(now=timezone.now()) == 1
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 2


def test_the_command_hands_over_once(alice, bob, capsys):
    _pending(alice, bob, 2)

    call_command("outbox_relay", "--once")

    assert "2 message(s) handed over." in capsys.readouterr().out
    assert InboxEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@ON_POSTGRES
def test_two_relays_never_hand_over_one_message_twice(alice, bob):
    _pending(alice, bob, 60)

    def relay() -> None:
        try:
            services.outbox_relay(limit=5)
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    assert InboxEntry.objects.count() == 60


@pytest.mark.django_db(transaction=True)
@ON_POSTGRES
def test_the_trigger_notifies_at_commit_only(alice, bob):
    listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    listener.execute(f"LISTEN {OUTBOX_CHANNEL}")
    try:
        with celery_broker(DEAD_BROKER_URL), transaction.atomic():  # no relay in this process
            with connection.cursor() as cursor:
                cursor.execute(*_statement(alice, bob, "log-1"))
                cursor.execute(*_statement(alice, bob, "log-2"))
            assert list(listener.notifies(timeout=0.5)) == []
        woken = list(listener.notifies(timeout=2, stop_after=1))
        assert [note.channel for note in woken] == [OUTBOX_CHANNEL]
        assert list(listener.notifies(timeout=0.5)) == []  # one per transaction
    finally:
        listener.close()


@pytest.mark.django_db(transaction=True)
def test_the_relay_thread_hands_over_committed_messages_and_stops(alice, bob):
    relay = RelayThread().start()
    try:
        (message,) = _pending(alice, bob, 1)
        wait_for(
            lambda: InboxEntry.objects.filter(outbox_message_id=message.id).exists(),
            timeout=10,
            what="the relay thread",
        )
    finally:
        started = time.monotonic()
        relay.stop()
    assert not relay.thread.is_alive() and time.monotonic() - started < 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_workers", [True, False])
def test_a_worker_starts_and_stops_its_relay_unless_it_runs_on_its_own(in_workers, settings):
    from celery.signals import worker_ready, worker_shutdown

    from notifications import relay

    settings.DATAMEENT_OUTBOX_RELAY_IN_WORKERS = in_workers
    worker_ready.send(sender=None)
    started = relay._worker_relay.get("thread")
    worker_shutdown.send(sender=None)

    assert (started is not None) == in_workers
    assert started is None or not started.thread.is_alive()
    assert relay._worker_relay == {}
