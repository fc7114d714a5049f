"""Delivery exactly once per channel: one inbox entry, at most one e-mail, failures retried.

A real SMTP server (aiosmtpd, tests/notifications/smtp_sink.py) receives the mails, on
SQLite and PostgreSQL. The database "fails after the send" through Django's own
``execute_wrapper``: the first statement after the server accepted the mail raises, as
when the worker's connection is dropped at that moment.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from datameent.celery import app as celery_app
from notifications import constants, selectors, services, tasks
from notifications.constants import Channel, Kind
from notifications.models import InboxEntry, OutboxMessage
from tests.notifications.conftest import access_context, record_event
from tests.notifications.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings) -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.stop()


@pytest.fixture
def eager_retries() -> Iterator[None]:
    """Eager tasks retry only when their errors are not propagated (Celery's eager apply)."""
    saved = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def mailed_alice(alice_with_email):
    services.notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    return alice_with_email


def _undelivered(resident, actor, *, source_id: str = "log-1") -> OutboxMessage:
    """An outbox row as the enqueue leaves it when its hand-over failed."""
    payload = access_context(actor=actor)
    return OutboxMessage.objects.create(
        kind=Kind.ACCESS, resident=resident, source_id=source_id, payload=payload
    )


@contextmanager
def database_fails_after(sent: Callable[[], bool]) -> Iterator[None]:
    """The first statement once ``sent()`` is true raises, like a dropped connection."""
    failed: list[bool] = []

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if sent() and not failed:
            failed.append(True)
            raise OperationalError("terminating connection due to administrator command")
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper):
        yield
    assert failed, "the database never failed: the drill did not happen"


def _email_states() -> dict[str, int]:
    from notifications.models import EmailDelivery

    states = EmailDelivery.objects.values_list("state", flat=True)
    return {state: list(states).count(state) for state in set(states)}


def test_it_sends_one_mail_and_records_it_as_sent(sink, mailed_alice, bob):
    message = record_event(resident=mailed_alice, actor=bob)

    message.refresh_from_db()
    entry = InboxEntry.objects.get(resident=mailed_alice)
    assert len(sink.messages) == 1 and sink.messages[0]["To"] == "alice@example.org"
    assert message.delivered_at is not None and entry.emailed_at is not None
    assert _email_states() == {"sent": 1}


def test_it_never_sends_twice_when_the_database_fails_after_the_send(sink, mailed_alice, bob):
    message = _undelivered(mailed_alice, bob)

    with database_fails_after(lambda: len(sink.messages) > 0), pytest.raises(OperationalError):
        services.outbox_message_deliver(outbox_id=message.id)
    # The task runs again (a retry, the sweep, a redelivery): the claim stops a second send.
    for _ in range(3):
        services.outbox_message_deliver(outbox_id=message.id)

    message.refresh_from_db()
    assert len(sink.messages) == 1 and sink.duplicates() == 0
    assert InboxEntry.objects.filter(resident=mailed_alice).count() == 1
    assert message.delivered_at is not None
    # The result was never recorded: at most once, and it shows as unknown.
    assert _email_states() == {"sending": 1}
    unknown = selectors.email_deliveries_unknown(now=timezone.now() + timedelta(hours=1))
    assert [delivery.inbox_entry.outbox_message_id for delivery in unknown] == [message.id]


def test_it_retries_a_refused_mail_and_sends_it_once(sink, mailed_alice, bob, eager_retries):
    sink.refuse(2)
    message = _undelivered(mailed_alice, bob)

    tasks.deliver_outbox_message.delay(message.id)

    message.refresh_from_db()
    assert sink.refused == 2 and len(sink.messages) == 1
    assert InboxEntry.objects.filter(resident=mailed_alice).count() == 1
    assert message.delivered_at is not None
    assert _email_states() == {"sent": 1}


def test_it_gives_up_on_a_mail_after_bounded_attempts_and_keeps_the_entry(
    sink, mailed_alice, bob, eager_retries
):
    sink.refuse(1000)
    message = _undelivered(mailed_alice, bob)

    tasks.deliver_outbox_message.delay(message.id)
    # Later sweeps and reruns do not try again either.
    services.outbox_sweep(now=timezone.now() + timedelta(hours=1))
    tasks.deliver_outbox_message.delay(message.id)

    message.refresh_from_db()
    assert InboxEntry.objects.filter(resident=mailed_alice).count() == 1
    assert len(sink.messages) == 0 and sink.refused == constants.EMAIL_MAX_ATTEMPTS
    assert message.delivered_at is not None
    assert _email_states() == {"failed": 1}


def test_it_retries_with_bounded_exponential_backoff_and_jitter():
    task = tasks.deliver_outbox_message

    assert task.autoretry_for and task.retry_backoff and task.retry_jitter
    assert 3 <= task.max_retries <= 10
    assert task.retry_backoff_max <= 10 * 60
    # A task waiting for its retry must not be handed to a second worker meanwhile.
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.retry_backoff_max < visibility


def test_the_sweep_runs_at_least_every_minute():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["notifications-outbox-sweep"]["schedule"]
    assert float(schedule) <= 60


def test_the_sweep_picks_up_a_message_whose_hand_over_failed_within_a_minute(alice, bob):
    message = _undelivered(alice, bob)
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=timezone.now() - timedelta(seconds=30)
    )

    assert services.outbox_sweep(now=timezone.now()) == 1
    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_the_sweep_hands_over_again_what_a_worker_lost_within_minutes(alice, bob):
    message = _undelivered(alice, bob)
    five_minutes_ago = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=five_minutes_ago, dispatched_at=five_minutes_ago
    )

    assert services.outbox_sweep(now=timezone.now()) == 1
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 1


def test_the_sweep_and_a_redelivery_never_send_twice(sink, mailed_alice, bob):
    message = _undelivered(mailed_alice, bob)
    with database_fails_after(lambda: len(sink.messages) > 0), pytest.raises(OperationalError):
        services.outbox_message_deliver(outbox_id=message.id)

    # The sweep at the old 15-minute horizon and a redelivered task, in either order.
    services.outbox_sweep(now=timezone.now() + timedelta(minutes=16))
    tasks.deliver_outbox_message.delay(message.id)
    services.outbox_sweep(now=timezone.now() + timedelta(minutes=32))

    assert len(sink.messages) == 1
    assert InboxEntry.objects.filter(resident=mailed_alice).count() == 1


def test_an_operator_lists_the_sends_whose_outcome_is_unknown(sink, mailed_alice, bob):
    message = _undelivered(mailed_alice, bob)
    with database_fails_after(lambda: len(sink.messages) > 0), pytest.raises(OperationalError):
        services.outbox_message_deliver(outbox_id=message.id)
    services.outbox_message_deliver(outbox_id=message.id)

    soon, later = StringIO(), StringIO()
    call_command("email_deliveries_unknown", stdout=soon)
    with time_machine.travel(timezone.now() + constants.EMAIL_UNKNOWN_AFTER + timedelta(minutes=1)):
        call_command("email_deliveries_unknown", stdout=later)

    # A send may still be under way for a while; after that it is listed, by ids only.
    assert soon.getvalue().splitlines() == ["0 e-mail(s) with unknown outcome."]
    lines = later.getvalue().splitlines()
    assert lines[-1] == "1 e-mail(s) with unknown outcome."
    assert f"outbox message {message.id} " in lines[0] and "alice" not in later.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: make test-postgres")
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_message_send_one_mail(sink, mailed_alice, bob):
    """Task, retry and sweep copies at the same moment, on their own connections."""
    message = _undelivered(mailed_alice, bob)
    start = threading.Barrier(4)

    def deliver() -> None:
        start.wait()
        try:
            services.outbox_message_deliver(outbox_id=message.id)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(sink.messages) == 1 and sink.duplicates() == 0
    assert InboxEntry.objects.filter(resident=mailed_alice).count() == 1
    assert _email_states() == {"sent": 1}
