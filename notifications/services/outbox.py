"""The transactional outbox: record with the cause, hand over after commit, deliver once.

The message is recorded pending in the caller's transaction; the relay (services/relay.py)
hands its id, and nothing else, to the broker after the commit. Delivery makes the inbox
entry exactly once and sends its e-mail at most once (docs/operations.md).
"""

import logging
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.selectors import department_get
from consent.selectors import access_request_addressee
from datameent.rows import insert_sql, prepared
from notifications import constants
from notifications.constants import Channel, EmailState, Kind
from notifications.emails import email_send, entry_message_id
from notifications.exceptions import EmailNotSent, InvalidNotification
from notifications.models import EmailDelivery, InboxEntry, OutboxMessage
from notifications.selectors import preference_channel
from notifications.services.relay import notification_enqueued
from notifications.services.represented import represented_requests

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _valid_value(value: Any) -> bool:
    if value is None or isinstance(value, bool | int):
        return True
    if isinstance(value, str):
        return len(value) <= constants.CONTEXT_MAX_TEXT
    if isinstance(value, list):
        return len(value) <= constants.CONTEXT_MAX_ITEMS and all(
            isinstance(item, str) and len(item) <= constants.CONTEXT_MAX_TEXT for item in value
        )
    return False


def _check(*, kind: str, source_id: str, context: dict[str, Any]) -> None:
    """Only known keys with short plain values pass, so vault data cannot ride along."""
    if kind not in Kind.values:
        raise InvalidNotification(f"unknown kind {kind!r}")
    if not source_id or len(source_id) > 100:
        raise InvalidNotification("source_id must be 1-100 characters")
    unknown = set(context) - constants.CONTEXT_KEYS
    if unknown:
        raise InvalidNotification(f"context keys not allowed: {sorted(unknown)}")
    bad = [key for key, value in context.items() if not _valid_value(value)]
    bad += [key for key in constants.CONTEXT_MOMENTS if not _valid_moment(context.get(key))]
    if bad:
        raise InvalidNotification(f"context values must be short ids or codes: {sorted(bad)}")


def _valid_moment(value: Any) -> bool:
    """A moment must say its time zone, or it would be shown at the wrong hour."""
    if value is None:
        return True
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return False
    return moment is not None and timezone.is_aware(moment)


# A pending message (dispatched_at NULL): the relay picks it up after commit.
_ENQUEUE_NAMES = [
    "kind",
    "resident_id",
    "source_id",
    "payload",
    "created_at",
    "dispatched_at",
    "attempts",
]
_ENQUEUE_PARAMS = prepared(OutboxMessage, _ENQUEUE_NAMES)
_ENQUEUE_SQL = insert_sql(
    OutboxMessage, _ENQUEUE_NAMES, " ON CONFLICT (kind, source_id) DO NOTHING"
)


def notification_enqueue_sql(
    *, resident_id: int | None, kind: str, source_id: str, context: dict[str, Any]
) -> tuple[str, list[Any]]:
    """The INSERT that records a pending message, for a caller's own statement (a CTE).

    No trailing semicolon; a repeated (kind, source_id) inserts nothing, so the caller's
    transaction stays usable. Validated like ``notification_enqueue``. Call
    ``notification_enqueued()`` after it ran.
    """
    _check(kind=kind, source_id=str(source_id), context=context)
    values = [kind, resident_id, str(source_id), context, timezone.now(), None, 0]
    # JSON and moments as each back end stores them (datameent.rows.prepared).
    return _ENQUEUE_SQL, _ENQUEUE_PARAMS(values, connection)


def notification_enqueue(
    *, resident: "User | None", kind: str, source_id: str, context: dict[str, Any]
) -> OutboxMessage:
    """Record a notification in the caller's transaction; the relay hands it over.

    ``source_id`` names the cause (an access-log entry, a request, a grant). The same
    (kind, source_id) is recorded once, so a source may safely report twice; the message
    returned then carries the id of the first row.

    ``context`` holds ids, codes and short texts only (``constants.CONTEXT_KEYS``):
    who: ``actor_id`` (user id), ``department`` (code); when: ``occurred_at`` (ISO 8601);
    why: ``reason`` (the stated reason or a refusal reason, at most 200 characters);
    under which purpose: ``purpose`` (code), ``purpose_name_nl``, ``purpose_name_en``;
    what: ``categories`` (category codes); and ``expires_at``, ``grant_id``, ``request_id``,
    ``access_log_id``. Anything else raises ``InvalidNotification``.
    """
    sql, params = notification_enqueue_sql(
        resident_id=resident.pk if resident else None,
        kind=kind,
        source_id=source_id,
        context=context,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING id", params)
        row = cursor.fetchone()
    notification_enqueued()
    outbox_id = row[0] if row else _first_id(kind=kind, source_id=str(source_id))
    return OutboxMessage(
        id=outbox_id, kind=kind, resident=resident, source_id=str(source_id), payload=context
    )


def _first_id(*, kind: str, source_id: str) -> int:
    return OutboxMessage.objects.values_list("id", flat=True).get(kind=kind, source_id=source_id)


def _pause_for_tests(seconds: float) -> None:
    if seconds:
        time.sleep(seconds)


def _names(payload: dict[str, Any]) -> dict[str, str]:
    """Who, by name, as it was at delivery: the inbox must still say it if people move on."""
    names: dict[str, str] = {}
    actor_id = payload.get("actor_id")
    actor = get_user_model().objects.filter(id=actor_id).first() if actor_id else None
    if actor is not None:
        names["actor_name"] = actor.get_full_name() or actor.get_username()
    department = department_get(code=payload["department"]) if payload.get("department") else None
    if department is not None:
        names["department_name"] = department.name
        names["organisation_name"] = department.organisation.name
    return names


def _occurred_at(message: OutboxMessage) -> datetime:
    value = message.payload.get("occurred_at")
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed or message.created_at


def _inbox_entry_create(*, message: OutboxMessage, resident: "User") -> InboxEntry:
    return InboxEntry.objects.create(
        resident=resident,
        outbox_message=message,
        kind=message.kind,
        channel=preference_channel(resident=resident, kind=message.kind),
        context={**message.payload, **_names(message.payload)},
        occurred_at=_occurred_at(message),
    )


def _addressee(message: OutboxMessage) -> "User | None":
    """Access requests are addressed by BSN; only here do we look for a matching vault."""
    if message.kind != Kind.ACCESS_REQUEST or not message.payload.get("request_id"):
        return None
    return access_request_addressee(request_id=message.payload["request_id"])


def _mark_delivered(outbox_id: int | None) -> None:
    if outbox_id is None:  # the outbox row is gone already (delivered, past its retention)
        return
    OutboxMessage.objects.filter(id=outbox_id, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )


def _email_claim(*, entry: InboxEntry) -> EmailDelivery | None:
    """The claim on the entry's e-mail, if this run is the one to send it.

    A new e-mail, or one the server certainly did not take (``failed``) with attempts left,
    is claimed. A claim already there (``sending``) is never sent again: its worker may have
    sent it before it stopped.
    """
    if entry.channel != Channel.EMAIL or not entry.resident.email:
        return None
    now = timezone.now()
    delivery = EmailDelivery.objects.filter(inbox_entry=entry).first()
    if delivery is None:
        return EmailDelivery.objects.create(
            inbox_entry=entry, state=EmailState.SENDING, claimed_at=now
        )
    if delivery.state != EmailState.FAILED or delivery.attempts >= constants.EMAIL_MAX_ATTEMPTS:
        return None
    delivery.state, delivery.claimed_at, delivery.error = EmailState.SENDING, now, ""
    delivery.attempts += 1
    delivery.save(update_fields=["state", "claimed_at", "error", "attempts"])
    return delivery


@transaction.atomic
def _claim(*, outbox_id: int) -> tuple[InboxEntry | None, EmailDelivery | None]:
    """Step one, committed on its own: the inbox entry, and the claim on its e-mail.

    The row lock makes concurrent runs of one message take turns; the unique links (one entry
    per message, one e-mail per entry) make a rerun find what the first run made.
    """
    message = (
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("resident")
        .filter(id=outbox_id)
        .first()
    )
    if message is None:
        return None, None
    entry = InboxEntry.objects.select_related("resident").filter(outbox_message=message).first()
    if entry is None and message.delivered_at is None:
        _pause_for_tests(settings.DATAMEENT_TEST_TASK_DELAY)
        resident = message.resident or _addressee(message)
        if resident is not None:
            entry = _inbox_entry_create(message=message, resident=resident)
            for person, source_id, context in represented_requests(
                message=message, subject=resident
            ):
                notification_enqueue(
                    resident=person,
                    kind=Kind.REPRESENTED_REQUEST,
                    source_id=source_id,
                    context=context,
                )
    delivery = None if entry is None else _email_claim(entry=entry)
    if delivery is None:
        _mark_delivered(message.id)
    return entry, delivery


@transaction.atomic
def _email_sent(*, delivery: EmailDelivery) -> None:
    now = timezone.now()
    EmailDelivery.objects.filter(id=delivery.id).update(state=EmailState.SENT, finished_at=now)
    InboxEntry.objects.filter(id=delivery.inbox_entry_id).update(emailed_at=now)
    _mark_delivered(delivery.inbox_entry.outbox_message_id)


@transaction.atomic
def _email_failed(*, delivery: EmailDelivery, error: EmailNotSent) -> bool:
    """Record that the server did not take the mail; True when no attempts are left."""
    EmailDelivery.objects.filter(id=delivery.id).update(
        state=EmailState.FAILED, finished_at=timezone.now(), error=str(error)[:100]
    )
    if delivery.attempts < constants.EMAIL_MAX_ATTEMPTS:
        return False
    _mark_delivered(delivery.inbox_entry.outbox_message_id)
    return True


def outbox_message_deliver(*, outbox_id: int) -> InboxEntry | None:
    """Deliver once: the inbox entry exactly once, its e-mail at most once.

    Three steps, each committed: the entry and the claim on the e-mail; the send; the result.
    Safe to run any number of times, concurrently too. Raises ``EmailNotSent`` when the mail
    server did not take the mail and attempts are left (the task retries), and whatever a
    failing database raises. Returns the entry, or None when there was nothing to deliver.
    """
    entry, delivery = _claim(outbox_id=outbox_id)
    if entry is None or delivery is None:
        return entry
    try:
        email_send(
            to=entry.resident.email,
            entries=[entry],
            channel=entry.channel,
            language=entry.resident.language,
            message_id=entry_message_id(entry),
        )
    except EmailNotSent as error:
        if not _email_failed(delivery=delivery, error=error):
            raise
        # Only the class name and the ids: no addresses in logs.
        logger.warning(
            "E-mail for outbox message %s not sent after %s attempts (%s); it is in the inbox.",
            outbox_id,
            delivery.attempts,
            error,
        )
        return entry
    _pause_for_tests(settings.DATAMEENT_TEST_PAUSE_AFTER_SEND)
    _email_sent(delivery=delivery)
    return entry
