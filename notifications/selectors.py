from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from notifications import constants
from notifications.constants import (
    DEFAULT_CHANNELS,
    DIGEST_CHANNELS,
    Channel,
    EmailChoice,
    EmailState,
    Kind,
)
from notifications.messages import message_render

# The one wording of a refusal, shared with the access log (municipal_gateway.summaries).
from notifications.messages import refusal_outcome as refusal_outcome
from notifications.models import (
    DigestPreference,
    EmailDelivery,
    InboxEntry,
    NotificationPreference,
)

if TYPE_CHECKING:
    from accounts.models import User


def preferences_get(*, resident: "User") -> dict[str, str]:
    """The channel per kind: the resident's choice, else the default."""
    chosen = dict(
        NotificationPreference.objects.filter(resident=resident).values_list("kind", "channel")
    )
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind.values}


def preference_channel(*, resident: "User", kind: str) -> str:
    chosen = (
        NotificationPreference.objects.filter(resident=resident, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return chosen or DEFAULT_CHANNELS[kind]


def email_choices_get(*, resident: "User") -> dict[str, str]:
    """The settings page's view of the channels: per kind, e-mail off, at once or in the
    overview mail (``EmailChoice``)."""
    return {
        kind: _email_choice(channel) for kind, channel in preferences_get(resident=resident).items()
    }


def _email_choice(channel: str) -> str:
    if channel == Channel.EMAIL:
        return EmailChoice.NOW
    return EmailChoice.DIGEST if channel in DIGEST_CHANNELS else EmailChoice.OFF


def digest_channel_get(*, resident: "User") -> str:
    """Daily or weekly: the resident's choice, else what her kinds use (a choice made
    through the API), else daily."""
    chosen = (
        DigestPreference.objects.filter(resident=resident).values_list("channel", flat=True).first()
    )
    if chosen:
        return chosen
    used = set(preferences_get(resident=resident).values())
    return Channel.WEEKLY if Channel.WEEKLY in used and Channel.DAILY not in used else Channel.DAILY


def inbox_list(*, resident: "User", unread: bool | None = None) -> QuerySet[InboxEntry]:
    entries = InboxEntry.objects.filter(resident=resident)
    if unread is not None:
        entries = entries.filter(read_at__isnull=unread)
    return entries.order_by("-occurred_at", "-created_at")


def inbox_titled(entries: Iterable[InboxEntry]) -> list[tuple[InboxEntry, str]]:
    """Each entry with its title in the active language, for lists of messages."""
    return [
        (
            entry,
            message_render(
                kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at
            ).title,
        )
        for entry in entries
    ]


def inbox_unread_count(*, resident: "User") -> int:
    return InboxEntry.objects.filter(resident=resident, read_at__isnull=True).count()


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def digest_period(*, channel: str, now: datetime) -> tuple[datetime, datetime]:
    """The last finished local day (daily) or Monday-to-Monday week (weekly) before ``now``."""
    today = timezone.localdate(now)
    if channel == Channel.DAILY:
        return _local_midnight(today - timedelta(days=1)), _local_midnight(today)
    if channel == Channel.WEEKLY:
        monday = today - timedelta(days=today.weekday())
        return _local_midnight(monday - timedelta(days=7)), _local_midnight(monday)
    raise ValueError(f"{channel!r} is not a digest channel")


def email_deliveries_unknown(*, now: datetime) -> QuerySet[EmailDelivery]:
    """E-mails claimed but never recorded: their worker stopped between the send and the
    record, so they may or may not have gone out. They are never sent again automatically."""
    return (
        EmailDelivery.objects.filter(
            state=EmailState.SENDING, claimed_at__lte=now - constants.EMAIL_UNKNOWN_AFTER
        )
        .select_related("inbox_entry")
        .order_by("claimed_at")
    )
