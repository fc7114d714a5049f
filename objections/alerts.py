"""Alert rules on the access log, evaluated in the background (``alerts_evaluate``).

Each rule reads the log's metadata only and raises an ``Alert`` for the privacy officer
with the entries that triggered it. An alert is a signal, not a decision: nothing here
runs on the read path, so it can never block a read. The thresholds are settings
(``OBJECTIONS_ALERTS``). Raising is idempotent: one alert per rule, caseworker and window.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from consent.selectors import access_requests_asked_between
from municipal_gateway.constants import Operation, Outcome
from municipal_gateway.selectors import access_log_entries_between, resident_ids_for_subjects
from objections.constants import AlertRule
from objections.models import Alert
from vault.selectors import bsn_hashes_for_residents

if TYPE_CHECKING:
    from municipal_gateway.models import AccessLogEntry


@dataclass(frozen=True)
class Finding:
    rule: str
    entries: list[AccessLogEntry]
    window_start: datetime
    window_end: datetime


def _day_bounds(moment: datetime) -> tuple[datetime, datetime]:
    day = timezone.localtime(moment).date()
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _per_caseworker_day(entries: Iterable[AccessLogEntry]) -> dict[tuple, list[AccessLogEntry]]:
    groups: dict[tuple, list[AccessLogEntry]] = defaultdict(list)
    for entry in entries:
        groups[(entry.caseworker_id, timezone.localtime(entry.occurred_at).date())].append(entry)
    return groups


def refused_per_day(entries: list[AccessLogEntry], now: datetime) -> Iterator[Finding]:
    limit = settings.OBJECTIONS_ALERTS["refused_per_day"]
    refused = (entry for entry in entries if entry.outcome == Outcome.REFUSED)
    for group in _per_caseworker_day(refused).values():
        if len(group) > limit:
            yield Finding(AlertRule.REFUSED_PER_DAY, group, *_day_bounds(group[0].occurred_at))


def _outside_office(entry: AccessLogEntry) -> bool:
    start, end = settings.OBJECTIONS_ALERTS["office_hours"]
    local = timezone.localtime(entry.occurred_at)
    return local.weekday() >= 5 or not start <= local.hour < end


def outside_office_hours(entries: list[AccessLogEntry], now: datetime) -> Iterator[Finding]:
    reads = (entry for entry in entries if _is_read(entry) and _outside_office(entry))
    for group in _per_caseworker_day(reads).values():
        yield Finding(AlertRule.OUTSIDE_OFFICE_HOURS, group, *_day_bounds(group[0].occurred_at))


def _is_read(entry: AccessLogEntry) -> bool:
    return entry.operation == Operation.RECORDS_READ and entry.outcome == Outcome.ALLOWED


Times = dict[tuple[str, int | None], list[datetime]]


def _any_between(times: list[datetime], start: datetime, end: datetime) -> bool:
    """Whether the sorted ``times`` hold one in ``[start, end)``."""
    index = bisect_left(times, start)
    return index < len(times) and times[index] < end


def _read_times(entries: list[AccessLogEntry]) -> Times:
    """When each caseworker read each subject, sorted (the entries come oldest first)."""
    times: Times = defaultdict(list)
    for entry in entries:
        if entry.operation == Operation.RECORDS_READ:
            times[(entry.subject_id, entry.caseworker_id)].append(entry.occurred_at)
    return times


def _request_times(lookups: list[AccessLogEntry], window: timedelta) -> Times:
    """When each caseworker asked consent of each looked-up subject, within the lookups'
    windows: three queries for all lookups together, whatever their number. An erased
    resident has no BSN hash left, so no request can be matched to their lookup."""
    asking = [lookup for lookup in lookups if lookup.caseworker_id is not None]
    residents = resident_ids_for_subjects(subject_ids={lookup.subject_id for lookup in asking})
    hashes = bsn_hashes_for_residents(resident_ids=residents.values())
    subject_of = {
        hashes[resident]: subject for subject, resident in residents.items() if resident in hashes
    }
    times: Times = defaultdict(list)
    if not subject_of:
        return times
    asked = access_requests_asked_between(
        caseworker_ids={lookup.caseworker_id for lookup in asking if lookup.caseworker_id},
        bsn_hashes=subject_of,
        start=min(lookup.occurred_at for lookup in asking),
        end=max(lookup.occurred_at for lookup in asking) + window,
    )
    for caseworker_id, bsn_hash, at in asked:
        times[(subject_of[bsn_hash], caseworker_id)].append(at)
    return {key: sorted(value) for key, value in times.items()}


def lookup_without_follow_up(entries: list[AccessLogEntry], now: datetime) -> Iterator[Finding]:
    """A lookup by BSN that found the resident, then neither a read nor a request for
    consent by the same caseworker within the window. Judged once the window has passed."""
    window = timedelta(hours=settings.OBJECTIONS_ALERTS["lookup_follow_up_hours"])
    reads = _read_times(entries)
    unread = [
        lookup
        for lookup in entries
        if lookup.operation == Operation.RESIDENT_LOOKUP
        and lookup.outcome == Outcome.ALLOWED
        and lookup.occurred_at + window <= now
        and not _any_between(
            reads.get((lookup.subject_id, lookup.caseworker_id), []),
            lookup.occurred_at,
            lookup.occurred_at + window,
        )
    ]
    if not unread:
        return
    asked = _request_times(unread, window)
    for lookup in unread:
        until = lookup.occurred_at + window
        key = (lookup.subject_id, lookup.caseworker_id)
        if not _any_between(asked.get(key, []), lookup.occurred_at, until):
            yield Finding(AlertRule.LOOKUP_WITHOUT_FOLLOW_UP, [lookup], lookup.occurred_at, until)


def many_residents(entries: list[AccessLogEntry], now: datetime) -> Iterator[Finding]:
    """More than N different residents read by one caseworker within M minutes. Windows
    start at a read and do not overlap, so one burst raises one alert."""
    limit = settings.OBJECTIONS_ALERTS["many_residents"]
    span = timedelta(minutes=settings.OBJECTIONS_ALERTS["many_residents_minutes"])
    per_caseworker: dict[int | None, list[AccessLogEntry]] = defaultdict(list)
    for entry in entries:
        if _is_read(entry):
            per_caseworker[entry.caseworker_id].append(entry)
    for reads in per_caseworker.values():
        index = 0
        while index < len(reads):
            end = reads[index].occurred_at + span
            window = [entry for entry in reads[index:] if entry.occurred_at < end]
            if len({entry.subject_id for entry in window}) > limit:
                yield Finding(AlertRule.MANY_RESIDENTS, window, reads[index].occurred_at, end)
                index += len(window)
            else:
                index += 1


RULES = (refused_per_day, lookup_without_follow_up, outside_office_hours, many_residents)


def _overlaps(finding: Finding, caseworker_id: int | None) -> bool:
    return Alert.objects.filter(
        rule=finding.rule,
        caseworker_id=caseworker_id,
        window_start__lt=finding.window_end,
        window_end__gt=finding.window_start,
    ).exists()


def _raise(finding: Finding, now: datetime) -> bool:
    first = finding.entries[0]
    if _overlaps(finding, first.caseworker_id):
        return False
    Alert.objects.create(
        rule=finding.rule,
        raised_at=now,
        caseworker_id=first.caseworker_id,
        caseworker_name=first.caseworker_name,
        window_start=finding.window_start,
        window_end=finding.window_end,
        entry_ids=[str(entry.id) for entry in finding.entries],
    )
    return True


@transaction.atomic
def alerts_evaluate(*, now: datetime) -> int:
    """Run every rule over the recent log; returns how many new alerts were raised."""
    start = now - timedelta(hours=settings.OBJECTIONS_ALERTS["lookback_hours"])
    entries = list(access_log_entries_between(start=start, end=now))
    raised = 0
    for rule in RULES:
        for finding in rule(entries, now):
            raised += _raise(finding, now)
    return raised
