"""Periodic consent jobs (scheduled in settings.CELERY_BEAT_SCHEDULE). Both are idempotent.

They only write history and close requests: decisions never depend on them having run.
"""

from celery import shared_task
from django.utils import timezone

from consent.services import access_requests_expire, grant_expiries_record


@shared_task
def record_grant_expiries() -> int:
    return grant_expiries_record(now=timezone.now())


@shared_task
def expire_access_requests() -> int:
    return access_requests_expire(now=timezone.now())
