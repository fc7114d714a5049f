"""The client council's statistics: the year's counts from the access log and the consent
history (``council.services`` counts them in the background), as tables with small groups
hidden (``council.disclosure``). Nothing here names a resident, a caseworker or a record:
the apps hand over counts only."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consent.selectors import current_purposes
from council.constants import CONSENT_EVENTS, FIRST_YEAR, OUTCOMES, REFUSAL_REASONS
from council.disclosure import Count, Figure, disclose
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
    total: Row
    # Whether the council reads both numbers (times and residents) or only the times.
    residents: bool = True


@dataclass(frozen=True)
class Statistics:
    year: int
    minimum: int
    counted_at: datetime
    tables: list[Table] = field(default_factory=list)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The local calendar year as ``[start, end)``."""
    return (
        timezone.make_aware(datetime(year, 1, 1)),
        timezone.make_aware(datetime(year + 1, 1, 1)),
    )


def _counted(counts: dict[str, Any], grouping: str, keys: tuple[str, ...], amount: str) -> dict:
    """The stored rows of one grouping as ``{(key values): Count}``."""
    return {
        tuple(row[key] for key in keys): Count(count=row[amount], residents=row["residents"])
        for row in counts[grouping]
    }


def _table(
    key: str,
    title: str,
    columns: list[Column],
    rows: list[tuple[str, str]],
    cells: dict[tuple[str, str], Count],
    totals: dict[str, Count],
    minimum: int,
    *,
    residents: bool = True,
) -> Table:
    """Each column is one group for disclosure: its cells and its total."""
    figures: dict[str, dict[str, Figure]] = {row: {} for row, _label in rows}
    total_figures: dict[str, Figure] = {}
    for column in columns:
        column_cells = {row: cells.get((row, column.key), Count()) for row, _label in rows}
        shown, total_figures[column.key] = disclose(
            column_cells, totals.get(column.key, Count()), minimum=minimum
        )
        for row, figure in shown.items():
            figures[row][column.key] = figure
    return Table(
        key=key,
        title=title,
        columns=columns,
        rows=[Row(key=row, label=label, figures=figures[row]) for row, label in rows],
        total=Row(key="total", label=_("Totaal"), figures=total_figures),
        residents=residents,
    )


def _months(year: int, now: datetime) -> list[tuple[str, str]]:
    local = timezone.localtime(now)
    last = 12 if year < local.year else local.month
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


def _access_tables(
    access: dict[str, Any], register: dict[str, str], year: int, now: datetime, minimum: int
) -> list[Table]:
    outcomes = [Column(key, str(label)) for key, label in OUTCOMES.items()]
    totals = {key[0]: c for key, c in _counted(access, "totals", ("outcome",), "attempts").items()}
    by_month = _counted(access, "months", ("month", "outcome"), "attempts")
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
        _table(
            "per_month",
            _("Inzage per maand"),
            outcomes,
            _months(year, now),
            by_month,
            totals,
            minimum,
        ),
        _table(
            "per_purpose",
            _("Inzage per doel"),
            outcomes,
            _purposes(register, *(code for code, _outcome in by_purpose)),
            by_purpose,
            totals,
            minimum,
        ),
        _table(
            "refusal_reasons",
            _("Waarom inzage werd geweigerd"),
            refused,
            reasons,
            by_reason,
            totals,
            minimum,
        ),
    ]


def _consent_table(consent: dict[str, Any], register: dict[str, str], minimum: int) -> Table:
    kinds = [Column(key, str(label)) for key, label in CONSENT_EVENTS.items()]
    totals = {key[0]: c for key, c in _counted(consent, "totals", ("kind",), "events").items()}
    cells = _counted(consent, "purposes", ("purpose_code", "kind"), "events")
    return _table(
        "consent_per_purpose",
        _("Toestemmingen per doel"),
        kinds,
        _purposes(register, *(code for code, _kind in cells)),
        cells,
        totals,
        minimum,
        residents=False,
    )


def _final(snapshot: StatisticsSnapshot) -> bool:
    """Counted after its year ended (with an hour for the last reads to commit)."""
    return snapshot.counted_at >= year_bounds(snapshot.year)[1] + timedelta(hours=1)


def statistics_due(*, year: int, now: datetime) -> bool:
    """Whether ``year`` needs counting (again): never counted, or counted longer ago than
    ``COUNCIL_STATISTICS_MAX_AGE`` seconds and not final."""
    snapshot = StatisticsSnapshot.objects.filter(year=year).first()
    if snapshot is None:
        return True
    age = (now - snapshot.counted_at).total_seconds()
    return not _final(snapshot) and age > settings.COUNCIL_STATISTICS_MAX_AGE


def statistics_for_council(*, year: int, now: datetime | None = None) -> Statistics | None:
    """The year's statistics as last counted, small groups hidden; ``None`` before the first
    count. Callers check the role (views)."""
    snapshot = StatisticsSnapshot.objects.filter(year=year).first()
    if snapshot is None:
        return None
    now = now or timezone.now()
    minimum = settings.COUNCIL_MIN_RESIDENTS
    counts = snapshot.counts
    register = {version.purpose.code: version.name for version in current_purposes()}
    return Statistics(
        year=year,
        minimum=minimum,
        counted_at=snapshot.counted_at,
        tables=[
            *_access_tables(counts["access"], register, year, now, minimum),
            _consent_table(counts["consent"], register, minimum),
        ],
    )


def statistics_years(*, now: datetime | None = None) -> list[int]:
    """The years the council can choose, newest first."""
    current = timezone.localtime(now or timezone.now()).year
    return list(range(current, FIRST_YEAR - 1, -1))
