"""Counting runs in the background: over a large log it takes seconds (docs/benchmarks.md).

``statistics_refresh`` lives here, beside its task, so that services need not import the
task module that imports them.
"""

from datetime import datetime
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from council.selectors import statistics_due
from council.services import statistics_snapshot_update


@shared_task
def update_statistics(year: int) -> None:
    statistics_snapshot_update(year=year, now=timezone.now())


def statistics_refresh(*, year: int, now: datetime) -> None:
    """Count ``year`` in the background, once the caller's transaction commits, if it is due
    (``statistics_due``). Without a broker (the embedded default) the task runs at once."""
    if statistics_due(year=year, now=now):
        transaction.on_commit(partial(update_statistics.delay, year))
