"""Celery tasks: ids in, one service call, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from notifications import services
from notifications.constants import Channel


@shared_task
def deliver_outbox_message(outbox_id: int) -> None:
    services.outbox_message_deliver(outbox_id=outbox_id)


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
