"""Celery tasks: ids in, one service call, safe to run twice."""

from celery import shared_task
from django.db import DatabaseError, connections
from django.utils import timezone

from notifications import services
from notifications.constants import Channel


# Any failure is retried, with exponential backoff (2, 4, 8 ... seconds, at most 5 minutes)
# and full jitter so a mail server that comes back is not hit by every retry at once.
# Delivery is idempotent and sends an e-mail at most once, so a retry is always safe.
@shared_task(
    autoretry_for=(Exception,),
    max_retries=8,
    retry_backoff=2,
    retry_backoff_max=5 * 60,
    retry_jitter=True,
)
def deliver_outbox_message(outbox_id: int) -> None:
    try:
        services.outbox_message_deliver(outbox_id=outbox_id)
    except DatabaseError:
        _close_broken_connections()
        raise


def _close_broken_connections() -> None:
    """A connection the server dropped stays broken in this worker until it is closed (the
    worker reuses connections, CELERY_DB_REUSE_MAX); close it so the retry opens a new one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


@shared_task
def outbox_sweep() -> int:
    return services.outbox_sweep(now=timezone.now())


@shared_task
def send_daily_digests() -> int:
    return services.digests_send(channel=Channel.DAILY, now=timezone.now())


@shared_task
def send_weekly_digests() -> int:
    return services.digests_send(channel=Channel.WEEKLY, now=timezone.now())


@shared_task
def warn_expiring_grants() -> int:
    return services.grant_expiry_warnings_send(now=timezone.now())
