"""Disclosure control that holds against everything published: for generated logs, the
auditor (tests/council/auditor.py) can narrow no hidden figure down, no shown figure is
about 1 to minimum - 1 residents, and shown figures are exact."""

from collections import defaultdict
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent import seed_data
from council.api.serializers import StatisticsSerializer
from council.constants import CONSENT_EVENTS, REFUSAL_REASONS
from council.disclosure import Count, Grid, protect
from council.models import StatisticsSnapshot
from council.selectors import statistics_for_council
from tests.council.auditor import leaks

YEAR = 2026
CLOSED = datetime(YEAR + 1, 1, 2, 3, 0, tzinfo=UTC)  # after the year: its final count
RUNNING = datetime(YEAR, 7, 15, 12, 0, tzinfo=UTC)
CODES = [purpose["code"] for purpose in seed_data.PURPOSES] + [""]
# Each example solves a few dozen integer programs: few examples, still every run.
audited = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def logs(draw) -> tuple[list, list]:
    """A year's reads and consent events, bunched into a few months, purposes and reasons so
    that big and small figures sit next to each other (spread evenly, all would be small)."""
    months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True))
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
    reasons = draw(st.lists(st.sampled_from(sorted(REFUSAL_REASONS)), min_size=1, max_size=3))
    kinds = draw(st.lists(st.sampled_from(sorted(CONSENT_EVENTS)), min_size=1, max_size=3))
    resident = st.none() | st.integers(0, 40)  # None: a BSN nobody has
    reads = draw(
        st.lists(
            st.tuples(
                resident,
                st.sampled_from(months),
                st.sampled_from(codes),
                st.sampled_from(["allowed", "refused"]),
                st.sampled_from(reasons),
            ),
            min_size=40,
            max_size=200,
        )
    )
    consent_codes = [code for code in codes if code] or CODES[:1]
    events = draw(
        st.lists(
            st.tuples(st.integers(0, 40), st.sampled_from(consent_codes), st.sampled_from(kinds)),
            min_size=20,
            max_size=80,
        )
    )
    return reads, events


def _rows(entries, keys, amount: str) -> list[dict]:
    """Counted as the apps' count selectors count: per group, entries and distinct residents."""
    groups: dict[tuple, list] = defaultdict(list)
    for entry in entries:
        groups[tuple(entry[key] for key in keys)].append(entry["resident"])
    return [
        {
            **dict(zip(keys, group, strict=True)),
            amount: len(residents),
            "residents": len({r for r in residents if r is not None}),
        }
        for group, residents in groups.items()
    ]


def _counts(reads, events) -> dict:
    access = [
        {
            "resident": resident,
            "month": date(YEAR, month, 1).isoformat(),
            "purpose_code": code,
            "outcome": outcome,
            "reason": reason if outcome == "refused" else "",
        }
        for resident, month, code, outcome, reason in reads
    ]
    consent = [{"resident": r, "purpose_code": code, "kind": kind} for r, code, kind in events]
    return {
        "access": {
            "totals": _rows(access, ("outcome",), "attempts"),
            "months": _rows(access, ("month", "outcome"), "attempts"),
            "purposes": _rows(access, ("purpose_code", "outcome"), "attempts"),
            "reasons": _rows(access, ("outcome", "reason"), "attempts"),
        },
        "consent": {
            "totals": _rows(consent, ("kind",), "events"),
            "purposes": _rows(consent, ("purpose_code", "kind"), "events"),
        },
    }


def _published(counts: dict, counted_at: datetime) -> dict:
    StatisticsSnapshot.objects.update_or_create(
        year=YEAR, defaults={"counted_at": counted_at, "counts": counts}
    )
    statistics = statistics_for_council(year=YEAR)
    assert statistics is not None
    return StatisticsSerializer(statistics).data


def _figures(document: dict):
    for table in document["tables"]:
        for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
            yield from row["figures"].values()


@audited
@given(logs())
def test_no_arithmetic_narrows_a_hidden_figure_down(purposes, log):
    counts = _counts(*log)
    running, closed = _published(counts, RUNNING), _published(counts, CLOSED)

    assert leaks([running, closed]) == []
    for figure in [*_figures(running), *_figures(closed)]:
        assert figure["residents"] is None or not 0 < figure["residents"] < 10


@audited
@given(logs())
def test_it_shows_counted_figures_exactly_and_closed_months_only(purposes, log):
    counts = _counts(*log)

    running = _published(counts, RUNNING)

    months = {(m["month"], m["outcome"]): m for m in counts["access"]["months"]}
    [table] = running["tables"]
    assert [row["key"] for row in table["rows"]] == [
        date(YEAR, month, 1).isoformat() for month in range(1, 7)
    ]
    assert table["total"] is None
    for row in table["rows"]:
        for outcome, figure in row["figures"].items():
            counted = months.get((row["key"], outcome), {"attempts": 0, "residents": 0})
            if figure["hidden"] is None:
                assert (figure["count"], figure["residents"]) == (
                    counted["attempts"],
                    counted["residents"],
                )


def _refusals(cells: dict[str, Count], total: Count) -> Grid:
    return Grid(
        key="refusal_reasons",
        family="access",
        rows=list(cells),
        columns=["refused"],
        cells={(row, "refused"): counted for row, counted in cells.items()},
        totals={"refused": total},
    )


def test_it_covers_the_two_hidden_reasons_of_the_issue():
    """Total 15, shown 13, two hidden of 1 each: hiding them alone gives both away."""
    grid = _refusals(
        {"no_grant": Count(13, 13), "revoked": Count(1, 1), "left": Count(1, 1), "x": Count()},
        Count(15, 15),
    )

    hidden = protect([grid], minimum=10)

    assert {("refusal_reasons", row, "refused") for row in ("no_grant", "revoked", "left")} <= (
        hidden
    )
    assert ("refusal_reasons", "x", "refused") not in hidden


def test_it_hides_nothing_without_small_figures():
    grid = _refusals({"a": Count(30, 20), "b": Count(0, 0), "c": Count(12, 10)}, Count(42, 30))

    assert protect([grid], minimum=10) == set()


@pytest.mark.parametrize("minimum", [5, 10])
def test_it_hides_a_small_total_and_its_cells(minimum):
    grid = _refusals({"a": Count(4, 3), "b": Count(0, 0)}, Count(4, 3))

    hidden = protect([grid], minimum=minimum)

    assert hidden == {("refusal_reasons", "a", "refused"), ("access", "total", "refused")}


def test_it_hides_the_total_and_what_repeats_it_when_published_months_give_a_month_away():
    """Months were published one by one while the year ran: they stay as they were, so the
    total, and the tables that repeat it, are hidden instead."""
    months = Grid(
        key="per_month",
        family="access",
        rows=["1", "2", "3"],
        columns=["refused"],
        cells={("1", "refused"): Count(7, 5), ("2", "refused"): Count(14, 10)}
        | {("3", "refused"): Count(12, 10)},
        totals={"refused": Count(33, 21)},
        locked=True,
    )
    purposes = Grid(
        key="per_purpose",
        family="access",
        rows=["wmo"],
        columns=["refused"],
        cells={("wmo", "refused"): Count(33, 21)},
        totals={"refused": Count(33, 21)},
    )

    hidden = protect([months, purposes], minimum=10)

    assert hidden == {
        ("per_month", "1", "refused"),
        ("access", "total", "refused"),
        ("per_purpose", "wmo", "refused"),
    }
