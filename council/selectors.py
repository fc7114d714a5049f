"""The client council's statistics: the year's counts from the access log and the consent
history (``council.services`` counts them in the background), as tables with small groups
hidden (``council.disclosure``). Nothing here names a resident, a caseworker or a record:
the apps hand over counts only."""

import hashlib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consent.selectors import current_purposes
from council.constants import (
    CONSENT_EVENTS,
    FIRST_YEAR,
    OBJECTION_OUTCOMES,
    OUTCOMES,
    REFUSAL_REASONS,
)
from council.disclosure import TOTAL, Count, Figure, FigureId, Grid, protect
from council.models import StatisticsSnapshot


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: dict[str, Figure]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[Row]
    # None while the year runs: the closed months are published one by one, without a total.
    total: Row | None
    # Whether the council reads both numbers (times and residents) or only the times.
    residents: bool = True


@dataclass(frozen=True)
class Statistics:
    year: int
    minimum: int
    counted_at: datetime
    # Whether the year is closed: only then are its totals and its tables per purpose and
    # per reason published (docs/council-statistics.md, "Successive publications").
    final: bool = True
    tables: list[Table] = field(default_factory=list)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The local calendar year as ``[start, end)``."""
    return (
        timezone.make_aware(datetime(year, 1, 1)),
        timezone.make_aware(datetime(year + 1, 1, 1)),
    )


# Entries of a period may still be committing for a while after it ends.
SETTLE = timedelta(hours=1)


def _counted(counts: dict[str, Any], grouping: str, keys: tuple[str, ...], amount: str) -> dict:
    """The stored rows of one grouping as ``{(key values): Count}``."""
    return {
        tuple(row[key] for key in keys): Count(count=row[amount], residents=row["residents"])
        for row in counts[grouping]
    }


@dataclass(frozen=True)
class _Layout:
    """A table before disclosure: its grid and its words."""

    grid: Grid
    title: str
    columns: list[Column]
    rows: list[tuple[str, str]]
    residents: bool = True


def _layout(
    key: str,
    family: str,
    title: str,
    columns: list[Column],
    rows: list[tuple[str, str]],
    cells: dict[tuple[str, str], Count],
    totals: dict[str, Count] | None,
    *,
    residents: bool = True,
    locked: bool = False,
) -> _Layout:
    grid = Grid(
        key=key,
        family=family,
        rows=[row for row, _label in rows],
        columns=[column.key for column in columns],
        cells={
            (row, column.key): cells.get((row, column.key), Count())
            for row, _label in rows
            for column in columns
        },
        totals=None
        if totals is None
        else {column.key: totals.get(column.key, Count()) for column in columns},
        locked=locked,
    )
    return _Layout(grid, title, columns, rows, residents)


def _table(layout: _Layout, hidden: AbstractSet[FigureId]) -> Table:
    grid = layout.grid

    def figure(name: FigureId, counted: Count) -> Figure:
        return Figure.withheld() if name in hidden else Figure.shown(counted)

    rows = [
        Row(
            key=row,
            label=label,
            figures={
                column: figure((grid.key, row, column), grid.cell(row, column))
                for column in grid.columns
            },
        )
        for row, label in layout.rows
    ]
    total = None
    if grid.totals is not None:
        total = Row(
            key=TOTAL,
            label=_("Totaal"),
            figures={
                column: figure((grid.family, TOTAL, column), grid.totals[column])
                for column in grid.columns
            },
        )
    return Table(
        key=grid.key,
        title=layout.title,
        columns=layout.columns,
        rows=rows,
        total=total,
        residents=layout.residents,
    )


def _months(year: int, counted_at: datetime, final: bool) -> list[tuple[str, str]]:
    """Every month of a closed year; of a running one, the months closed at the count."""
    last = 12
    if not final:
        settled = timezone.localtime(counted_at - SETTLE)
        last = settled.month - 1 if settled.year == year else 12 if settled.year > year else 0
    return [
        (date(year, month, 1).isoformat(), date_format(date(year, month, 1), "F Y"))
        for month in range(1, last + 1)
    ]


def _purposes(register: dict[str, str], *codes: str) -> list[tuple[str, str]]:
    """Every purpose of the register, then any other code that was counted (only ``""``:
    the log's counts group codes outside the register together)."""
    names = dict(register)
    for code in sorted(set(codes) - names.keys()):
        names[code] = code or _("Geen of onbekend doel")
    return list(names.items())


def _access_layouts(
    access: dict[str, Any], register: dict[str, str], months: list[tuple[str, str]], final: bool
) -> list[_Layout]:
    outcomes = [Column(key, str(label)) for key, label in OUTCOMES.items()]
    totals = None
    if final:  # a running year's count holds its closed months only
        counted = _counted(access, "totals", ("outcome",), "attempts")
        totals = {key[0]: c for key, c in counted.items()}
    by_month = _counted(access, "months", ("month", "outcome"), "attempts")
    per_month = _layout(
        "per_month",
        "access",
        _("Inzage per maand"),
        outcomes,
        months,
        by_month,
        totals,
        locked=True,  # each closed month was published on its own while the year ran
    )
    if not final:
        return [per_month]
    by_purpose = _counted(access, "purposes", ("purpose_code", "outcome"), "attempts")
    by_reason = _counted(access, "reasons", ("reason", "outcome"), "attempts")
    reasons = [(code, str(label)) for code, label in REFUSAL_REASONS.items()]
    reasons += sorted(
        (code, code)
        for code, outcome in by_reason
        if outcome == "refused" and code not in REFUSAL_REASONS
    )
    refused = [column for column in outcomes if column.key == "refused"]
    return [
        per_month,
        _layout(
            "per_purpose",
            "access",
            _("Inzage per doel"),
            outcomes,
            _purposes(register, *(code for code, _outcome in by_purpose)),
            by_purpose,
            totals or {},
        ),
        _layout(
            "refusal_reasons",
            "access",
            _("Waarom inzage werd geweigerd"),
            refused,
            reasons,
            by_reason,
            totals or {},
        ),
    ]


def _consent_layout(consent: dict[str, Any], register: dict[str, str]) -> _Layout:
    kinds = [Column(key, str(label)) for key, label in CONSENT_EVENTS.items()]
    totals = {key[0]: c for key, c in _counted(consent, "totals", ("kind",), "events").items()}
    cells = _counted(consent, "purposes", ("purpose_code", "kind"), "events")
    return _layout(
        "consent_per_purpose",
        "consent",
        _("Toestemmingen per doel"),
        kinds,
        _purposes(register, *(code for code, _kind in cells)),
        cells,
        totals,
        residents=False,
    )


def _objection_layouts(
    objections: dict[str, Any], register: dict[str, str], months: list[tuple[str, str]]
) -> list[_Layout]:
    """Objections per month and per purpose, by where they stood (a closed year only)."""
    outcomes = [Column(key, str(label)) for key, label in OBJECTION_OUTCOMES.items()]
    counted = _counted(objections, "totals", ("outcome",), "objections")
    totals = {key[0]: c for key, c in counted.items()}
    by_month = _counted(objections, "months", ("month", "outcome"), "objections")
    by_purpose = _counted(objections, "purposes", ("purpose_code", "outcome"), "objections")
    return [
        _layout(
            "objections_per_month",
            "objections",
            _("Meldingen 'Dit klopt niet' per maand"),
            outcomes,
            months,
            by_month,
            totals,
        ),
        _layout(
            "objections_per_purpose",
            "objections",
            _("Meldingen 'Dit klopt niet' per doel"),
            outcomes,
            _purposes(register, *(code for code, _outcome in by_purpose)),
            by_purpose,
            totals,
        ),
    ]


# Secondary suppression solves integer programs: keep its answer per counted data and
# minimum (a few ids per year, no data).
_PROTECTED: dict[str, frozenset[FigureId]] = {}


def _hidden(grids: list[Grid], minimum: int) -> frozenset[FigureId]:
    key = hashlib.sha256(repr((minimum, grids)).encode()).hexdigest()
    if key not in _PROTECTED:
        if len(_PROTECTED) > 256:
            _PROTECTED.clear()
        _PROTECTED[key] = frozenset(protect(grids, minimum=minimum))
    return _PROTECTED[key]


def snapshot_final(snapshot: StatisticsSnapshot) -> bool:
    """Counted after its year ended (with an hour for the last reads to commit)."""
    return snapshot.counted_at >= year_bounds(snapshot.year)[1] + SETTLE


def statistics_due(*, year: int, now: datetime) -> bool:
    """Whether ``year`` needs counting (again): never counted, or counted longer ago than
    ``COUNCIL_STATISTICS_MAX_AGE`` seconds and not final."""
    snapshot = StatisticsSnapshot.objects.filter(year=year).first()
    if snapshot is None:
        return True
    age = (now - snapshot.counted_at).total_seconds()
    return not snapshot_final(snapshot) and age > settings.COUNCIL_STATISTICS_MAX_AGE


def statistics_for_council(*, year: int, now: datetime | None = None) -> Statistics | None:
    """The year's statistics as last counted, small groups hidden; ``None`` before the first
    count. While the year runs: its closed months only. Callers check the role (views)."""
    snapshot = StatisticsSnapshot.objects.filter(year=year).first()
    if snapshot is None:
        return None
    minimum = settings.COUNCIL_MIN_RESIDENTS
    counts = snapshot.counts
    final = snapshot_final(snapshot)
    register = {version.purpose.code: version.name for version in current_purposes()}
    months = _months(year, snapshot.counted_at, final)
    layouts = _access_layouts(counts["access"], register, months, final)
    if final:
        layouts.append(_consent_layout(counts["consent"], register))
        # Snapshots counted before objections existed have none.
        if "objections" in counts:
            layouts += _objection_layouts(counts["objections"], register, months)
    hidden = _hidden([layout.grid for layout in layouts], minimum)
    return Statistics(
        year=year,
        minimum=minimum,
        counted_at=snapshot.counted_at,
        final=final,
        tables=[_table(layout, hidden) for layout in layouts],
    )


@dataclass(frozen=True)
class Summary:
    """The year in a few numbers, for the plain summary above the tables; ``None`` where the
    figure is hidden or not published yet (a running year has no totals)."""

    year: int
    viewed: int | None
    residents: int | None
    refused: int | None
    previous_viewed: int | None


def _total(statistics: Statistics | None, column: str) -> Figure | None:
    table = (
        next((t for t in statistics.tables if t.key == "per_month"), None) if statistics else None
    )
    if table is None or table.total is None or column not in table.total.figures:
        return None
    return table.total.figures[column]


def statistics_summary(statistics: Statistics) -> Summary:
    """The shown totals of the year and of the year before (both as published)."""
    allowed, refused = _total(statistics, "allowed"), _total(statistics, "refused")
    previous = None
    if statistics.year > FIRST_YEAR:
        previous = _total(statistics_for_council(year=statistics.year - 1), "allowed")
    return Summary(
        year=statistics.year,
        viewed=allowed.count if allowed else None,
        residents=allowed.residents if allowed else None,
        refused=refused.count if refused else None,
        previous_viewed=previous.count if previous else None,
    )


def statistics_years(*, now: datetime | None = None) -> list[int]:
    """The years the council can choose, newest first."""
    current = timezone.localtime(now or timezone.now()).year
    return list(range(current, FIRST_YEAR - 1, -1))
