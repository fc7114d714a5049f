"""The resident's side: reading the inbox, choosing channels, and erasure."""

from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from accounts.services import resident_profile_update
from notifications.constants import Channel, DigestChoice, EmailChoice, Kind
from notifications.exceptions import InboxEntryNotFound, InvalidNotification
from notifications.models import (
    DigestPreference,
    DigestRun,
    InboxEntry,
    NotificationPreference,
    OutboxMessage,
)

if TYPE_CHECKING:
    from accounts.models import User


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
def inbox_entry_mark_unread(*, resident: "User", entry_id: UUID) -> InboxEntry:
    """Back to unread, so the resident can keep a message to come back to."""
    entry = InboxEntry.objects.select_for_update().filter(resident=resident, id=entry_id).first()
    if entry is None:
        raise InboxEntryNotFound()
    if entry.read_at is not None:
        entry.read_at = None
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
def notification_settings_update(*, resident: "User", email: dict[str, str], digest: str) -> None:
    """The settings page: per kind e-mail off, at once or in the overview mail, and how
    often the overview mail comes. Every kind that goes to the overview mail follows it."""
    if digest not in DigestChoice.values:
        raise InvalidNotification(f"unknown digest channel: {digest!r}")
    channels = {EmailChoice.OFF: Channel.INBOX, EmailChoice.NOW: Channel.EMAIL}
    unknown = [choice for choice in email.values() if choice not in EmailChoice.values]
    if unknown:
        raise InvalidNotification(f"unknown e-mail choice: {unknown!r}")
    notification_preferences_update(
        resident=resident,
        channels={
            kind: channels.get(EmailChoice(choice), digest) for kind, choice in email.items()
        },
    )
    DigestPreference.objects.update_or_create(resident=resident, defaults={"channel": digest})


@transaction.atomic
def resident_settings_update(
    *, resident: "User", language: str, email: dict[str, str], digest: str
) -> "User":
    """The settings page, saved as one: her language, and per kind of message whether an
    e-mail comes at once, in the overview mail (``digest``: daily or weekly) or not at all."""
    resident_profile_update(resident=resident, language=language)
    notification_settings_update(resident=resident, email=email, digest=digest)
    return resident


@transaction.atomic
def notifications_erase(*, resident: "User") -> None:
    """Erasure step: nothing of the resident's notifications stays behind."""
    OutboxMessage.objects.filter(resident=resident).delete()
    InboxEntry.objects.filter(resident=resident).delete()
    NotificationPreference.objects.filter(resident=resident).delete()
    DigestRun.objects.filter(resident=resident).delete()
    DigestPreference.objects.filter(resident=resident).delete()
