"""Daily and weekly digest mails, once per resident per period."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from notifications import constants
from notifications.constants import Channel, EmailState
from notifications.emails import email_send
from notifications.exceptions import EmailNotSent
from notifications.models import DigestRun, InboxEntry
from notifications.selectors import digest_period

if TYPE_CHECKING:
    from accounts.models import User


def _digest_send(*, resident: "User", channel: str, start: datetime, end: datetime) -> bool:
    """At most once: the period is claimed in its own commit before the send, and marked
    sent after it. A mail the server certainly refused gives the claim back, so the next run
    tries again; any other failure leaves it claimed, never to be sent twice."""
    entries = list(
        InboxEntry.objects.filter(
            resident=resident, channel=channel, created_at__gte=start, created_at__lt=end
        ).order_by("occurred_at")
    )
    with transaction.atomic():
        run, created = DigestRun.objects.get_or_create(
            resident=resident,
            channel=channel,
            period_start=start,
            defaults={
                "period_end": end,
                "entry_count": len(entries),
                "state": EmailState.SENDING if entries else EmailState.SENT,
            },
        )
    if not created or not entries:
        return False
    try:
        email_send(to=resident.email, entries=entries, channel=channel, language=resident.language)
    except EmailNotSent:
        with transaction.atomic():
            DigestRun.objects.filter(id=run.id).delete()
        raise
    with transaction.atomic():  # its own step, like the claim
        DigestRun.objects.filter(id=run.id).update(state=EmailState.SENT)
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
