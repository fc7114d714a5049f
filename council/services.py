"""Counting the council's statistics. Reads of other apps go through their selectors."""

from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from consent.selectors import consent_event_counts
from council.models import StatisticsSnapshot
from council.selectors import statistics_due, year_bounds
from municipal_gateway.selectors import access_log_counts

ACCESS_GROUPINGS = {
    "totals": ("outcome",),
    "months": ("month", "outcome"),
    "purposes": ("purpose_code", "outcome"),
    "reasons": ("outcome", "reason"),
}
CONSENT_GROUPINGS = {"totals": ("kind",), "purposes": ("purpose_code", "kind")}


def _json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {key: value.isoformat() if isinstance(value, date) else value for key, value in row.items()}
        for row in rows
    ]


def _counts(year: int) -> dict[str, dict[str, list[dict[str, Any]]]]:
    start, end = year_bounds(year)
    return {
        "access": {
            name: _json(access_log_counts(start=start, end=end, by=by))
            for name, by in ACCESS_GROUPINGS.items()
        },
        "consent": {
            name: _json(consent_event_counts(start=start, end=end, by=by))
            for name, by in CONSENT_GROUPINGS.items()
        },
    }


@transaction.atomic
def statistics_snapshot_update(*, year: int, now: datetime) -> StatisticsSnapshot:
    """Count ``year`` again and keep the result. Idempotent: a second run only recounts."""
    snapshot, _created = StatisticsSnapshot.objects.update_or_create(
        year=year, defaults={"counted_at": now, "counts": _counts(year)}
    )
    return snapshot


def statistics_rollup(*, now: datetime) -> None:
    """The nightly step (``DATAMEENT_ROLLUP_STEPS``): this year, and in the first week of a
    year also the year before, whose last entries may have come in after its last count."""
    year = timezone.localtime(now).year
    if timezone.localtime(now) - year_bounds(year)[0] < timedelta(days=7):
        statistics_snapshot_update(year=year - 1, now=now)
    statistics_snapshot_update(year=year, now=now)


def statistics_refresh(*, year: int, now: datetime) -> None:
    """Count ``year`` in the background, once the caller's transaction commits, if it is due
    (``statistics_due``). Without a broker (the embedded default) the task runs at once."""
    from council.tasks import update_statistics  # the task module imports this one

    if statistics_due(year=year, now=now):
        transaction.on_commit(partial(update_statistics.delay, year))
