"""Counting the council's statistics. Reads of other apps go through their selectors."""

from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from consent.selectors import consent_event_counts
from council.constants import FIRST_YEAR
from council.models import StatisticsSnapshot
from council.selectors import SETTLE, snapshot_final, statistics_due, year_bounds
from municipal_gateway.selectors import access_log_counts
from objections.selectors import objection_counts

ACCESS_GROUPINGS = {
    "totals": ("outcome",),
    "months": ("month", "outcome"),
    "purposes": ("purpose_code", "outcome"),
    "reasons": ("outcome", "reason"),
}
CONSENT_GROUPINGS = {"totals": ("kind",), "purposes": ("purpose_code", "kind")}
OBJECTION_GROUPINGS = {
    "totals": ("outcome",),
    "months": ("month", "outcome"),
    "purposes": ("purpose_code", "outcome"),
}


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
        "objections": {
            name: _json(objection_counts(start=start, end=end, by=by))
            for name, by in OBJECTION_GROUPINGS.items()
        },
    }


def _month_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime(local.year, local.month, 1))


def _running_counts(year: int, now: datetime, kept: StatisticsSnapshot | None) -> dict[str, Any]:
    """A running year publishes its closed months only (``council.selectors``). Closed
    months never change (the log is append-only; erasure keeps the counts), so the months
    counted before are kept and only months closed since are read: mostly none, at most
    the month that just closed. The open month is never read."""
    start, end = year_bounds(year)
    closed_until = min(max(_month_start(now - SETTLE), start), end)
    before = kept.counts if kept is not None and "closed_until" in kept.counts else None
    counted_until = datetime.fromisoformat(before["closed_until"]) if before else start
    months = list(before["access"]["months"]) if before else []
    if counted_until < closed_until:
        months += _json(
            access_log_counts(start=counted_until, end=closed_until, by=("month", "outcome"))
        )
    return {"access": {"months": months}, "closed_until": closed_until.isoformat()}


def _large_count_settings() -> None:
    """For this transaction only, on PostgreSQL: no JIT (compiling the grouping queries
    took a second of a month's recount at 10M entries, more than it saved) and room to
    sort a month's entries in memory instead of on disk (docs/benchmarks.md)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '128MB'")


@transaction.atomic
def statistics_snapshot_update(*, year: int, now: datetime) -> StatisticsSnapshot:
    """Count ``year`` again and keep the result. Idempotent: a second run only recounts, and
    a final count (after the year closed) is kept as it is: a closed year is published once."""
    kept = StatisticsSnapshot.objects.select_for_update().filter(year=year).first()
    if kept is not None and snapshot_final(kept):
        return kept
    _large_count_settings()
    final = now >= year_bounds(year)[1] + SETTLE
    counts = _counts(year) if final else _running_counts(year, now, kept)
    snapshot, _created = StatisticsSnapshot.objects.update_or_create(
        year=year, defaults={"counted_at": now, "counts": counts}
    )
    return snapshot


def statistics_rollup(*, now: datetime) -> None:
    """The nightly step (``DATAMEENT_ROLLUP_STEPS``): this year, and the year before until
    it has its final count (``statistics_due``)."""
    year = timezone.localtime(now).year
    if statistics_due(year=year - 1, now=now) and year - 1 >= FIRST_YEAR:
        # Once final, a year is never counted again: a closed year is published once.
        statistics_snapshot_update(year=year - 1, now=now)
    statistics_snapshot_update(year=year, now=now)
