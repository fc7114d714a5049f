"""An attacker with arithmetic: reads only what the council's statistics publish (the API
document of each year; the page, the CSV and the public page show the same figures) and,
for every hidden figure, solves an integer linear program for the least and the most it
can be, given every published figure.

What the attacker knows (all of it published or documented in docs/council-statistics.md):

- every shown figure exactly; a hidden figure's label: ``suppressed`` (today's one label)
  means a count of at least 1, zeros being always shown; the labels of before meant:
  ``fewer_than_minimum`` 1 to ``minimum - 1`` residents, any other 0 or at least ``minimum``;
- counts are whole numbers, residents never exceed the count;
- in a table with a total row, each column's cells add up to its total; the residents of the
  total are at least those of any cell and at most their sum;
- the access tables (per month, per purpose, refusal reasons) share their totals per
  outcome: one figure, however often it is printed, and the same for a year's consent totals.

The solver is HiGHS through ``scipy.optimize.milp``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

FEW = "fewer_than_minimum"
SUPPRESSED = "suppressed"  # one label for every hidden figure
# Larger than any count a year can hold in a test; a bound this high means "no upper bound".
UNBOUNDED = 10**7
ACCESS_TABLES = {"per_month", "per_purpose", "refusal_reasons"}


@dataclass(frozen=True)
class Range:
    year: int
    table: str
    row: str
    column: str
    label: str
    count: tuple[int, int]
    residents: tuple[int, int]

    def narrowed(self, minimum: int) -> bool:
        """Whether the range meets 1 to ``minimum - 1`` without covering it: a small group
        narrowed down. (Proven 0 or at least the minimum reveals no small group; a figure
        about a small group always meets that span, since the attacker's range holds the
        truth.)"""
        low, high = self.residents
        meets = low <= minimum - 1 and high >= 1
        return meets and not (low <= 1 and high >= minimum - 1)


@dataclass
class _Model:
    """Variables are a figure's count and residents; a figure is one per (family, column)
    for a total, else per (table, row, column)."""

    minimum: int
    names: dict[tuple, int] = field(default_factory=dict)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    labels: dict[tuple, str] = field(default_factory=dict)

    def var(self, name: tuple, low: float = 0, high: float = UNBOUNDED) -> int:
        if name not in self.names:
            self.names[name] = len(self.lower)
            self.lower.append(0)
            self.upper.append(UNBOUNDED)
        index = self.names[name]
        self.lower[index] = max(self.lower[index], low)
        self.upper[index] = min(self.upper[index], high)
        return index

    def constrain(self, terms: dict[int, float], low: float, high: float) -> None:
        self.rows.append((terms, low, high))

    def figure(self, name: tuple, figure: dict[str, Any]) -> tuple[int, int]:
        count, residents = self.var((*name, "count")), self.var((*name, "residents"))
        self.constrain({residents: 1, count: -1}, -np.inf, 0)  # residents <= count
        if figure["hidden"] is None:
            self.var((*name, "count"), figure["count"], figure["count"])
            if figure["residents"] is not None:
                self.var((*name, "residents"), figure["residents"], figure["residents"])
        elif figure["hidden"] == SUPPRESSED:
            self.var((*name, "count"), 1)
            self.labels.setdefault(name, SUPPRESSED)
        elif figure["hidden"] == FEW:
            self.var((*name, "residents"), 1, self.minimum - 1)
            self.labels.setdefault(name, FEW)
        else:
            # Not few: 0 or at least the minimum, by a 0/1 switch.
            switch = self.var((*name, "switch"), 0, 1)
            self.constrain({residents: 1, switch: -self.minimum}, 0, np.inf)
            self.constrain({residents: 1, switch: -UNBOUNDED}, -np.inf, 0)
            self.labels.setdefault(name, figure["hidden"])
        return count, residents

    def solve(self, index: int, sense: int) -> int:
        size = len(self.lower)
        objective = np.zeros(size)
        objective[index] = sense
        matrix = np.zeros((len(self.rows), size))
        for row, (terms, _low, _high) in enumerate(self.rows):
            for column, value in terms.items():
                matrix[row, column] = value
        constraints = [
            LinearConstraint(matrix, [r[1] for r in self.rows], [r[2] for r in self.rows])
        ]
        result = milp(
            objective,
            integrality=np.ones(size),
            bounds=Bounds(self.lower, self.upper),
            constraints=constraints if self.rows else [],
        )
        assert result.success, f"the published figures contradict each other: {result.message}"
        return round(result.x[index])


def _family(table: dict[str, Any]) -> str:
    return "access" if table["key"] in ACCESS_TABLES else table["key"]


def _model(documents: list[dict[str, Any]]) -> _Model:
    """One model for all publications of a year: a figure that does not move between them
    is one figure, so what one shows and another hides is known."""
    model = _Model(minimum=documents[0]["minimum_residents"])
    for table in (table for document in documents for table in document["tables"]):
        total = table.get("total")
        for column in table["columns"]:
            key = column["key"]
            cells = [
                model.figure((table["key"], row["key"], key), row["figures"][key])
                for row in table["rows"]
            ]
            if not total:
                continue
            count, residents = model.figure((_family(table), "total", key), total["figures"][key])
            model.constrain({**{c: 1 for c, _r in cells}, count: -1}, 0, 0)
            for _c, cell_residents in cells:
                model.constrain({residents: 1, cell_residents: -1}, 0, np.inf)
            model.constrain({**{r: 1 for _c, r in cells}, residents: -1}, 0, np.inf)
    return model


def _by_year(documents: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    years: dict[int, list[dict[str, Any]]] = {}
    for document in documents:
        years.setdefault(document["year"], []).append(document)
    return years


def _shown(document: dict[str, Any]) -> Iterable[tuple[tuple, dict[str, Any]]]:
    for table in document["tables"]:
        for row in [*table["rows"], *([table["total"]] if table.get("total") else [])]:
            for column, figure in row["figures"].items():
                if figure["hidden"] is None:
                    yield (table["key"], row["key"], column), figure


@dataclass(frozen=True)
class Move:
    year: int
    figure: tuple
    counts: tuple[int, int]


def moves(documents: Iterable[dict[str, Any]]) -> list[Move]:
    """Figures shown in two publications of a year with counts 1 to ``minimum - 1`` apart:
    the difference is a group of too few residents (successive publications)."""
    found = []
    for year, published in _by_year(documents).items():
        minimum = published[0]["minimum_residents"]
        seen: dict[tuple, int] = {}
        for document in published:
            for name, figure in _shown(document):
                before = seen.setdefault(name, figure["count"])
                if 0 < abs(figure["count"] - before) < minimum:
                    found.append(Move(year, name, (before, figure["count"])))
    return found


def audit(documents: Iterable[dict[str, Any]]) -> list[Range]:
    """The range of every hidden figure in the published documents: of all publications of a
    year together when no figure moved between them, else of each on its own."""
    documents = list(documents)
    moved = {move.year for move in moves(documents)}
    groups = [
        group
        for year, published in _by_year(documents).items()
        for group in ([[d] for d in published] if year in moved else [published])
    ]
    ranges = []
    for group in groups:
        document = group[0]
        model = _model(group)
        for name, label in model.labels.items():
            count, residents = (model.names[(*name, part)] for part in ("count", "residents"))
            ranges.append(
                Range(
                    year=document["year"],
                    table=name[0],
                    row=name[1],
                    column=name[2],
                    label=label,
                    count=(model.solve(count, 1), model.solve(count, -1)),
                    residents=(model.solve(residents, 1), model.solve(residents, -1)),
                )
            )
    return ranges


def leaks(documents: Iterable[dict[str, Any]]) -> list[Range | Move]:
    """Hidden figures whose range meets 1 to ``minimum - 1`` without covering it: arithmetic
    narrows a small group down; and figures that moved by a small group between
    publications."""
    documents = list(documents)
    minimum = {document["year"]: document["minimum_residents"] for document in documents}
    return [
        *moves(documents),
        *(
            found
            for found in audit(documents)
            if found.label in (FEW, SUPPRESSED) and found.narrowed(minimum[found.year])
        ),
    ]
