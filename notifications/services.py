"""Writes for notifications: the outbox, delivery to the inbox, preferences and digests.

Other apps call ``notification_enqueue`` inside their own transaction. The message goes to
the broker only after that transaction commits, carrying its id and nothing else.
"""

import logging
import time
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.selectors import department_get
from notifications import constants
from notifications.constants import Channel, Kind
from notifications.emails import email_send
from notifications.exceptions import InboxEntryNotFound, InvalidNotification
from notifications.models import DigestRun, InboxEntry, NotificationPreference, OutboxMessage
from notifications.selectors import digest_period, preference_channel

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
    if bad:
        raise InvalidNotification(f"context values must be short ids or codes: {sorted(bad)}")


def notification_enqueue(
    *, resident: "User", kind: str, source_id: str, context: dict[str, Any]
) -> OutboxMessage:
    """Record a notification in the caller's transaction; it is handed over after commit.

    The same (kind, source_id) is recorded once, so a source may safely report twice; the
    message returned then carries the id of the first row.
    """
    _check(kind=kind, source_id=str(source_id), context=context)
    # Marked as handed over already, so the request path pays no second write; the hand-over
    # undoes the mark if the broker is unreachable. One statement without a savepoint: a
    # repeated source lands on its first row (a no-op update) and the caller's transaction
    # stays usable.
    message = OutboxMessage(
        kind=kind,
        resident=resident,
        source_id=str(source_id),
        payload=context,
        dispatched_at=timezone.now(),
        attempts=1,
    )
    OutboxMessage.objects.bulk_create(
        [message],
        update_conflicts=True,
        unique_fields=["kind", "source_id"],
        update_fields=["kind"],
    )
    transaction.on_commit(partial(_hand_over_after_commit, outbox_id=message.id))
    return message


def _publish(outbox_id: int) -> bool:
    """Hand the id to the broker. A dead broker costs a warning, never the caller's request."""
    from notifications.tasks import deliver_outbox_message

    try:
        deliver_outbox_message.delay(outbox_id)
    except Exception as error:  # any failure here is left to the sweep
        # The id and the error class only: no personal data in logs.
        logger.warning(
            "Outbox message %s not handed to the broker (%s); the sweep will retry it.",
            outbox_id,
            type(error).__name__,
        )
        return False
    return True


def _hand_over_after_commit(*, outbox_id: int) -> None:
    if not _publish(outbox_id):
        OutboxMessage.objects.filter(id=outbox_id, delivered_at__isnull=True).update(
            dispatched_at=None
        )


def _pause_for_tests() -> None:
    if settings.DATAMEENT_TEST_TASK_DELAY:
        time.sleep(settings.DATAMEENT_TEST_TASK_DELAY)


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
    channel = preference_channel(resident=resident, kind=message.kind)
    entry = InboxEntry.objects.create(
        resident=resident,
        outbox_message=message,
        kind=message.kind,
        channel=channel,
        context={**message.payload, **_names(message.payload)},
        occurred_at=_occurred_at(message),
    )
    if channel == Channel.EMAIL and resident.email:
        email_send(to=resident.email, entries=[entry], channel=channel)
        entry.emailed_at = timezone.now()
        entry.save(update_fields=["emailed_at"])
    return entry


@transaction.atomic
def outbox_message_deliver(*, outbox_id: int) -> InboxEntry | None:
    """Deliver once. The row lock and the unique link to the entry make a rerun a no-op."""
    message = (
        OutboxMessage.objects.select_for_update(of=("self",))
        .select_related("resident")
        .filter(id=outbox_id)
        .first()
    )
    if message is None or message.delivered_at is not None:
        return None
    _pause_for_tests()
    resident = message.resident
    entry = None if resident is None else _inbox_entry_create(message=message, resident=resident)
    message.delivered_at = timezone.now()
    message.save(update_fields=["delivered_at"])
    return entry


def outbox_sweep(*, now: datetime) -> int:
    """Hand over what is still undelivered, and forget what was delivered long ago."""
    OutboxMessage.objects.filter(delivered_at__lt=now - constants.OUTBOX_RETENTION).delete()
    due = (
        OutboxMessage.objects.filter(
            delivered_at__isnull=True, created_at__lte=now - constants.OUTBOX_SWEEP_AFTER
        )
        .filter(
            Q(dispatched_at__isnull=True)
            | Q(dispatched_at__lte=now - constants.OUTBOX_REDISPATCH_AFTER)
        )
        .order_by("created_at")
        .values_list("id", flat=True)[: constants.OUTBOX_SWEEP_BATCH]
    )
    handed = []
    for outbox_id in due:
        if not _publish(outbox_id):
            break  # the broker is still down; the next sweep tries again
        handed.append(outbox_id)
    OutboxMessage.objects.filter(id__in=handed).update(
        dispatched_at=timezone.now(), attempts=F("attempts") + 1
    )
    return len(handed)


@transaction.atomic
def inbox_entry_mark_read(*, resident: "User", entry_id: UUID) -> InboxEntry:
    entry = InboxEntry.objects.select_for_update().filter(resident=resident, id=entry_id).first()
    if entry is None:
        raise InboxEntryNotFound()
    if entry.read_at is None:
        entry.read_at = timezone.now()
        entry.save(update_fields=["read_at"])
    return entry


@transaction.atomic
def inbox_mark_all_read(*, resident: "User") -> int:
    return InboxEntry.objects.filter(resident=resident, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_update(*, resident: "User", channels: dict[str, str]) -> None:
    for kind, channel in channels.items():
        if kind not in Kind.values or channel not in Channel.values:
            raise InvalidNotification(f"unknown kind or channel: {kind!r}, {channel!r}")
        NotificationPreference.objects.update_or_create(
            resident=resident, kind=kind, defaults={"channel": channel}
        )


@transaction.atomic
def _digest_send(*, resident: "User", channel: str, start: datetime, end: datetime) -> bool:
    entries = list(
        InboxEntry.objects.filter(
            resident=resident, channel=channel, created_at__gte=start, created_at__lt=end
        ).order_by("occurred_at")
    )
    _, created = DigestRun.objects.get_or_create(
        resident=resident,
        channel=channel,
        period_start=start,
        defaults={"period_end": end, "entry_count": len(entries)},
    )
    if not created or not entries:
        return False
    # Inside the transaction: if the mail fails, the run is not recorded and is tried again.
    email_send(to=resident.email, entries=entries, channel=channel)
    return True


def _digests_send_for(*, channel: str, start: datetime, end: datetime) -> int:
    resident_ids = (
        InboxEntry.objects.filter(channel=channel, created_at__gte=start, created_at__lt=end)
        .values_list("resident_id", flat=True)
        .distinct()
    )
    residents = get_user_model().objects.filter(id__in=list(resident_ids)).exclude(email="")
    return sum(
        _digest_send(resident=resident, channel=channel, start=start, end=end)
        for resident in residents
    )


def digests_send(*, channel: str, now: datetime) -> int:
    """Mail every resident their digest for the last finished day or week, once.

    Earlier periods are looked at too, oldest first, so a run missed while the broker or the
    mail server was down is made up for by the next one.
    """
    step = timedelta(days=7 if channel == Channel.WEEKLY else 1)
    periods = (
        digest_period(channel=channel, now=now - back * step)
        for back in reversed(range(constants.DIGEST_CATCH_UP))
    )
    return sum(_digests_send_for(channel=channel, start=s, end=e) for s, e in periods)


def grant_expiry_warnings_send(*, now: datetime) -> int:
    """Warn about each grant that ends within the warning period; once per grant."""
    from consent.selectors import grants_expiring_between

    due = [
        (grant, grant.resident)
        for grant in grants_expiring_between(start=now, end=now + constants.GRANT_WARNING_AHEAD)
        if grant.resident is not None
    ]
    # Grants warned about in an earlier run are left out rather than enqueued again as no-ops.
    warned = set(
        OutboxMessage.objects.filter(
            kind=Kind.GRANT_EXPIRING, source_id__in=[str(grant.pk) for grant, _ in due]
        ).values_list("source_id", flat=True)
    )
    new = [(grant, resident) for grant, resident in due if str(grant.pk) not in warned]
    for grant, resident in new:
        with transaction.atomic():
            notification_enqueue(
                resident=resident,
                kind=Kind.GRANT_EXPIRING,
                source_id=str(grant.pk),
                context=_grant_context(grant),
            )
    return len(new)


def _grant_context(grant: Any) -> dict[str, Any]:
    return {
        "grant_id": str(grant.pk),
        "department": grant.department.code,
        "purpose": grant.purpose.code,
        "purpose_name_nl": grant.purpose_version.name_nl,
        "purpose_name_en": grant.purpose_version.name_en,
        "categories": [str(category) for category in grant.categories],
        "expires_at": grant.valid_until.isoformat(),
    }


@transaction.atomic
def notifications_erase(*, resident: "User") -> None:
    """Erasure step: nothing of the resident's notifications stays behind."""
    OutboxMessage.objects.filter(resident=resident).delete()
    InboxEntry.objects.filter(resident=resident).delete()
    NotificationPreference.objects.filter(resident=resident).delete()
    DigestRun.objects.filter(resident=resident).delete()
