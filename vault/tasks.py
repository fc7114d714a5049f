from celery import shared_task
from django.utils import timezone

from vault.services import records_erase_expired


@shared_task
def erase_expired_records() -> int:
    # The resident picked a calendar date, so "today" is today in Europe/Amsterdam.
    return records_erase_expired(today=timezone.localdate())
