import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from notifications import services
from notifications.constants import CONTEXT_KEYS, OUTBOX_RETENTION, Channel, Kind
from notifications.exceptions import EmailNotSent, InboxEntryNotFound, InvalidNotification
from notifications.models import InboxEntry, OutboxMessage
from notifications.selectors import inbox_list
from tests.notifications.conftest import (
    DEAD_BROKER_URL,
    access_context,
    celery_broker,
    record_event,
)
from vault.services import vault_erase

pytestmark = pytest.mark.django_db


def test_it_delivers_to_the_inbox_only_after_commit(
    alice, bob, wmo_department, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = services.notification_enqueue(
            resident=alice,
            kind=Kind.ACCESS,
            source_id="log-1",
            context=access_context(actor=bob, department=wmo_department),
        )
        # Not before the cause is committed: a rolled-back read must not be reported.
        assert not InboxEntry.objects.exists()

    message.refresh_from_db()
    entry = InboxEntry.objects.get(resident=alice)
    assert (entry.kind, entry.outbox_message_id) == (Kind.ACCESS, message.id)
    assert message.delivered_at is not None and message.attempts == 1


def test_it_records_nothing_when_the_cause_rolls_back(alice, bob):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(resident=alice, actor=bob)
        raise RuntimeError("the read failed")

    assert not OutboxMessage.objects.exists()
    assert not InboxEntry.objects.exists()


def test_it_delivers_once_however_often_the_task_runs(alice, bob):
    message = record_event(resident=alice, actor=bob)

    for _ in range(3):
        services.outbox_message_deliver(outbox_id=message.id)

    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_refuses_a_second_entry_for_one_message_at_database_level(alice, bob):
    message = record_event(resident=alice, actor=bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        InboxEntry.objects.create(
            resident=alice,
            outbox_message=message,
            kind=message.kind,
            channel=Channel.INBOX,
            occurred_at=timezone.now(),
        )


def test_it_records_a_source_reported_twice_once(alice, bob):
    first = record_event(resident=alice, actor=bob, source_id="log-7")
    again = record_event(resident=alice, actor=bob, source_id="log-7")

    assert again.id == first.id
    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_keeps_the_callers_transaction_usable_after_a_duplicate(alice, bob):
    record_event(resident=alice, actor=bob, source_id="log-8")

    with transaction.atomic():
        record_event(resident=alice, actor=bob, source_id="log-8")
        # The savepoint absorbed the conflict; the caller can carry on writing.
        record_event(resident=alice, actor=bob, source_id="log-9")

    assert OutboxMessage.objects.count() == 2


def test_it_snapshots_who_at_delivery(alice, bob, wmo_department):
    record_event(resident=alice, actor=bob, department=wmo_department)
    bob.username = "bob-renamed"
    bob.save(update_fields=["username"])

    context = InboxEntry.objects.get(resident=alice).context
    assert context["actor_name"] == "bob"
    assert context["department_name"] == "Team Wmo"
    assert context["organisation_name"] == "Gemeente Meenthuizen"


@pytest.mark.parametrize(
    "context",
    [
        {"title": "Schulden bij de bank"},
        {"content": {"bedrag": 12000}},
        {"reason": "x" * 201},
        {"categories": [{"nested": "dict"}]},
        {"reason": 1.5},
        {"occurred_at": "2026-03-02T14:30:00"},
        {"expires_at": "gisteren"},
        {"occurred_at": "2026-13-45T99:00:00+01:00"},
        {"occurred_at": 1772458200},
    ],
)
def test_it_rejects_context_that_is_not_ids_and_codes(alice, context):
    with pytest.raises(InvalidNotification):
        services.notification_enqueue(
            resident=alice, kind=Kind.ACCESS, source_id="log-1", context=context
        )
    assert not OutboxMessage.objects.exists()


def test_it_rejects_an_unknown_kind(alice):
    with pytest.raises(InvalidNotification):
        services.notification_enqueue(resident=alice, kind="gossip", source_id="1", context={})


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=250),
    lambda inner: st.lists(inner, max_size=25) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


def _plain(key, value) -> bool:
    if key in ("occurred_at", "expires_at") and value is not None:
        return False  # hypothesis' texts are never ISO 8601 moments with a time zone
    if isinstance(value, list):
        return len(value) <= 20 and all(isinstance(i, str) and len(i) <= 200 for i in value)
    return (
        value is None
        or isinstance(value, bool | int)
        or (isinstance(value, str) and len(value) <= 200)
    )


@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    context=st.dictionaries(
        st.sampled_from(sorted(CONTEXT_KEYS)) | st.text(max_size=12), _json, max_size=5
    )
)
def test_it_stores_only_known_keys_with_plain_values(alice, context):
    with transaction.atomic():
        try:
            message = services.notification_enqueue(
                resident=alice, kind=Kind.ACCESS, source_id="log-1", context=context
            )
        except InvalidNotification:
            assert not (
                set(context) <= CONTEXT_KEYS and all(_plain(k, v) for k, v in context.items())
            )
            assert not OutboxMessage.objects.exists()
        else:
            stored = OutboxMessage.objects.get(id=message.id).payload
            assert set(stored) <= CONTEXT_KEYS and all(_plain(k, v) for k, v in stored.items())
        transaction.set_rollback(True)


def test_it_publishes_nothing_inside_the_request_when_a_broker_is_configured(alice, bob, caplog):
    with caplog.at_level(logging.WARNING), celery_broker(DEAD_BROKER_URL):
        message = record_event(resident=alice, actor=bob)

    message.refresh_from_db()
    # Pending for the relay: no hand-over was tried, so no warning and no attempt.
    assert (message.delivered_at, message.dispatched_at, message.attempts) == (None, None, 0)
    assert "not handed to the broker" not in caplog.text


def _undelivered(resident, actor, *, source_id: str) -> OutboxMessage:
    """A message whose dispatch never reached the broker."""
    message = OutboxMessage.objects.create(
        kind=Kind.ACCESS,
        resident=resident,
        source_id=source_id,
        payload=access_context(actor=actor),
    )
    return message


def test_it_sweeps_undelivered_messages_into_the_inbox(alice, bob):
    old = _undelivered(alice, bob, source_id="old")
    recent = _undelivered(alice, bob, source_id="recent")
    OutboxMessage.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(minutes=5))

    handed = services.outbox_sweep(now=timezone.now())

    assert handed == 1
    assert list(InboxEntry.objects.values_list("outbox_message_id", flat=True)) == [old.id]
    recent.refresh_from_db()
    assert recent.delivered_at is None


def test_it_does_not_hand_over_a_recently_dispatched_message_again(alice, bob):
    message = _undelivered(alice, bob, source_id="busy")
    long_ago = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=long_ago, dispatched_at=timezone.now() - timedelta(minutes=1), attempts=1
    )

    assert services.outbox_sweep(now=timezone.now()) == 0
    assert services.outbox_sweep(now=timezone.now() + timedelta(minutes=20)) == 1
    message.refresh_from_db()
    assert message.attempts == 2 and message.delivered_at is not None


def test_it_forgets_delivered_messages_after_the_retention_period(alice, bob):
    message = record_event(resident=alice, actor=bob)

    services.outbox_sweep(now=timezone.now() + OUTBOX_RETENTION - timedelta(hours=1))
    assert OutboxMessage.objects.filter(id=message.id).exists()

    services.outbox_sweep(now=timezone.now() + OUTBOX_RETENTION + timedelta(hours=1))
    assert not OutboxMessage.objects.filter(id=message.id).exists()
    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_mails_each_event_when_the_resident_chose_so(alice_with_email, bob, wmo_department):
    services.notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )

    record_event(resident=alice_with_email, actor=bob, department=wmo_department)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert InboxEntry.objects.get().emailed_at is not None


def test_it_does_not_mail_an_event_meant_for_the_digest(alice_with_email, bob):
    record_event(resident=alice_with_email, actor=bob, kind=Kind.ACCESS)

    assert mail.outbox == []
    assert InboxEntry.objects.get().channel == Channel.DAILY


def test_it_keeps_an_entry_in_the_inbox_without_an_email_address(alice, bob):
    services.notification_preferences_update(resident=alice, channels={Kind.ACCESS: Channel.EMAIL})

    record_event(resident=alice, actor=bob)

    assert mail.outbox == []
    assert inbox_list(resident=alice).count() == 1


def test_it_keeps_the_entry_when_the_mail_fails_and_leaves_the_mail_to_a_retry(
    alice_with_email, bob, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    services.notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    message = _undelivered(alice_with_email, bob, source_id="mail-fails")

    with pytest.raises(EmailNotSent):
        services.outbox_message_deliver(outbox_id=message.id)

    # The resident sees the message at once; the mail is tried again (tests/.../test_delivery).
    message.refresh_from_db()
    assert message.delivered_at is None and InboxEntry.objects.count() == 1


def test_it_marks_a_message_without_resident_delivered_without_entry(alice, bob):
    message = _undelivered(alice, bob, source_id="gone")
    OutboxMessage.objects.filter(id=message.id).update(resident=None)

    assert services.outbox_message_deliver(outbox_id=message.id) is None

    message.refresh_from_db()
    assert message.delivered_at is not None and not InboxEntry.objects.exists()


def test_it_erases_everything_of_an_erased_resident(alice, dave, bob):
    services.notification_preferences_update(resident=alice, channels={Kind.ACCESS: Channel.INBOX})
    record_event(resident=alice, actor=bob)
    _undelivered(alice, bob, source_id="pending")
    record_event(resident=dave, actor=bob)

    vault_erase(resident=alice)

    assert list(OutboxMessage.objects.values_list("resident_id", flat=True)) == [dave.id]
    assert list(InboxEntry.objects.values_list("resident_id", flat=True)) == [dave.id]


def test_it_marks_entries_read_for_their_owner_only(alice, dave, bob):
    record_event(resident=alice, actor=bob)
    entry = InboxEntry.objects.get()

    with pytest.raises(InboxEntryNotFound):
        services.inbox_entry_mark_read(resident=dave, entry_id=entry.id)
    first = services.inbox_entry_mark_read(resident=alice, entry_id=entry.id).read_at
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        again = services.inbox_entry_mark_read(resident=alice, entry_id=entry.id).read_at

    assert first is not None and again == first


def test_it_marks_all_of_one_residents_entries_read(alice, dave, bob):
    for _ in range(2):
        record_event(resident=alice, actor=bob)
    record_event(resident=dave, actor=bob)

    assert services.inbox_mark_all_read(resident=alice) == 2
    assert inbox_list(resident=alice, unread=True).count() == 0
    assert inbox_list(resident=dave, unread=True).count() == 1
