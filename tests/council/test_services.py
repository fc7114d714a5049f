"""Counting in the background: which years the nightly rollup counts, and when a year is due
for counting again."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from council.models import StatisticsSnapshot
from council.selectors import statistics_due
from council.services import statistics_rollup, statistics_snapshot_update

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("now", [_local(2027, 1, 7, 23, 0), _local(2027, 6, 1, 3, 0)])
def test_it_counts_this_year_and_the_last_until_its_final_count(db, now):
    statistics_rollup(now=now)

    snapshots = StatisticsSnapshot.objects.order_by("year")
    assert [(snapshot.year, snapshot.counted_at) for snapshot in snapshots] == [
        (2026, now),
        (2027, now),
    ]


def test_it_counts_only_this_year_once_the_last_is_final(db):
    final = _local(2027, 1, 1, 2, 0)
    statistics_snapshot_update(year=2026, now=final)

    statistics_rollup(now=_local(2027, 1, 2, 3, 0))

    assert list(StatisticsSnapshot.objects.order_by("year").values_list("counted_at")) == [
        (final,),
        (_local(2027, 1, 2, 3, 0),),
    ]


def test_it_counts_a_year_again_in_place(db):
    statistics_snapshot_update(year=2027, now=_local(2027, 3, 1))
    statistics_snapshot_update(year=2027, now=_local(2027, 3, 2))

    assert list(StatisticsSnapshot.objects.values_list("year", "counted_at")) == [
        (2027, _local(2027, 3, 2))
    ]


def test_it_is_due_before_the_first_count(db):
    assert statistics_due(year=2027, now=_local(2027, 3, 1))


def test_it_is_due_again_once_the_count_of_a_running_year_is_too_old(db, settings):
    settings.COUNCIL_STATISTICS_MAX_AGE = 3600
    counted = _local(2027, 3, 1, 12)
    statistics_snapshot_update(year=2027, now=counted)

    assert not statistics_due(year=2027, now=counted + timedelta(seconds=3600))
    assert statistics_due(year=2027, now=counted + timedelta(seconds=3601))


def test_it_never_counts_a_finished_year_again(db, settings):
    settings.COUNCIL_STATISTICS_MAX_AGE = 3600
    # An hour after the year ended: the last reads of the year have committed by then.
    statistics_snapshot_update(year=2026, now=_local(2027, 1, 1, 1, 0))
    statistics_snapshot_update(year=2025, now=_local(2026, 1, 1, 0, 59))

    later = _local(2027, 6, 1)
    assert not statistics_due(year=2026, now=later)
    assert statistics_due(year=2025, now=later)


def _log_queries(queries) -> list[str]:
    from municipal_gateway.models import AccessLogEntry

    return [q["sql"] for q in queries if AccessLogEntry._meta.db_table in q["sql"]]


def test_a_recount_of_a_running_year_reads_only_the_month_that_closed(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    statistics_snapshot_update(year=2027, now=_local(2027, 3, 1, 2))  # January, February

    with CaptureQueriesContext(connection) as same_month:
        statistics_snapshot_update(year=2027, now=_local(2027, 3, 20, 12))
    with CaptureQueriesContext(connection) as next_month:
        snapshot = statistics_snapshot_update(year=2027, now=_local(2027, 4, 1, 2))

    assert _log_queries(same_month.captured_queries) == []  # the open month is never read
    assert len(_log_queries(next_month.captured_queries)) == 1  # March, once
    assert snapshot.counts["closed_until"] == _local(2027, 4, 1).isoformat()
