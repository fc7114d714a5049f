"""Counting runs in the background: over a large log it takes seconds (docs/benchmarks.md)."""

from celery import shared_task
from django.utils import timezone

from council.services import statistics_snapshot_update


@shared_task
def update_statistics(year: int) -> None:
    statistics_snapshot_update(year=year, now=timezone.now())
