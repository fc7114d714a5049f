"""Which figures the client council may see: cell suppression with audited secondary
suppression (statistical disclosure control; docs/council-statistics.md).

1. *Primary suppression*: a figure about 1 to ``minimum - 1`` different residents is hidden.
   A figure about nobody known (0) identifies nobody and is shown.
2. *Secondary suppression, audited*: the tables of a year share margins (each column adds up
   to its total; the access tables share their totals per outcome). After each step an
   attacker's integer linear program (HiGHS, ``scipy.optimize.milp``) computes, from every
   shown figure, the least and the most residents each hidden figure can be about. While
   that range of some hidden figure meets 1 to ``minimum - 1`` without covering all of
   it, one more figure is hidden: the smallest shown non-zero figure of the same column,
   else its total, else of another table sharing that total. This is the audit loop of
   cell suppression with protection intervals (Fischetti & Salazar-González, "Models and
   algorithms for the 2-dimensional cell suppression problem", Management Science 45,
   1999), greedy.

Every hidden figure carries the same label, so no label tells a small group from a large
one. The attacker model assumes what an attacker who read this module knows: a hidden
figure's count is at least 1 (zeros are never hidden), residents never exceed the count,
and a total's residents are at least those of any cell and at most their sum.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

# A figure's id: (table, row, column) for a cell, (family, TOTAL, column) for a total.
FigureId = tuple[str, str, str]
TOTAL = "total"
# Larger than any count a year can hold: a bound this high means "no upper bound".
_UNBOUNDED = 10**9


class Hidden(StrEnum):
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Count:
    """What was counted: ``count`` things (attempts, events) about ``residents`` residents."""

    count: int = 0
    residents: int = 0


@dataclass(frozen=True)
class Figure:
    """A count as the council sees it: both numbers, or neither."""

    count: int | None
    residents: int | None
    hidden: Hidden | None = None

    @classmethod
    def shown(cls, counted: Count) -> "Figure":
        return cls(count=counted.count, residents=counted.residents)

    @classmethod
    def withheld(cls) -> "Figure":
        return cls(count=None, residents=None, hidden=Hidden.SUPPRESSED)


@dataclass(frozen=True)
class Grid:
    """One table as counted. ``totals`` is ``None`` for a table without a total row.
    ``locked``: its cells were published before on their own (closed months), so hiding
    them now would protect nothing; they are hidden only as primary."""

    key: str
    family: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], Count]
    totals: dict[str, Count] | None = None
    locked: bool = False

    def cell(self, row: str, column: str) -> Count:
        return self.cells.get((row, column), Count())


def _few(counted: Count, minimum: int) -> bool:
    return 0 < counted.residents < minimum


@dataclass
class _Attack:
    """The attacker's integer program over one family of tables."""

    grids: list[Grid]
    figures: dict[FigureId, Count]
    hidden: set[FigureId]
    minimum: int
    index: dict[FigureId, int] = field(default_factory=dict)

    def _build(self) -> tuple[np.ndarray, list, Bounds]:
        ids = list(self.figures)
        self.index = {name: 2 * n for n, name in enumerate(ids)}  # count, then residents
        low, high = np.zeros(2 * len(ids)), np.zeros(2 * len(ids))
        rows: list[tuple[dict[int, int], float, float]] = []
        for name, counted in self.figures.items():
            c = self.index[name]
            if name in self.hidden:
                low[c], high[c], low[c + 1], high[c + 1] = 1, _UNBOUNDED, 0, _UNBOUNDED
                rows.append(({c + 1: 1, c: -1}, -np.inf, 0))
            else:
                low[c] = high[c] = counted.count
                low[c + 1] = high[c + 1] = counted.residents
        for grid in self.grids:
            if grid.totals is None:
                continue
            for column in grid.columns:
                total = self.index[(grid.family, TOTAL, column)]
                cells = [self.index[(grid.key, row, column)] for row in grid.rows]
                rows.append(({**{c: 1 for c in cells}, total: -1}, 0, 0))
                rows.append(({**{c + 1: 1 for c in cells}, total + 1: -1}, 0, np.inf))
                rows.extend(({total + 1: 1, c + 1: -1}, 0, np.inf) for c in cells)
        matrix = np.zeros((len(rows), len(low)))
        for number, (terms, _low, _high) in enumerate(rows):
            for variable, value in terms.items():
                matrix[number, variable] += value
        constraints = [LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows])]
        return matrix, constraints if rows else [], Bounds(low, high)

    def _range(self, residents: int, constraints: list, bounds: Bounds) -> tuple[int, int]:
        size = len(bounds.lb)
        reached = []
        for sense in (1, -1):
            objective = np.zeros(size)
            objective[residents] = sense
            result = milp(
                objective, integrality=np.ones(size), bounds=bounds, constraints=constraints
            )
            if not result.success:  # cannot happen for counted data
                raise ValueError(f"inconsistent counts: {result.message}")
            reached.append(round(result.x[residents]))
        return reached[0], reached[1]

    def unprotected(self) -> FigureId | None:
        """The first hidden figure narrowed down within 1 to minimum - 1 residents: some but
        not all of those values are possible. (A figure proven 0 or at least the minimum
        reveals no small group.)"""
        _matrix, constraints, bounds = self._build()
        for name in sorted(self.hidden):
            low, high = self._range(self.index[name] + 1, constraints, bounds)
            if narrowed(low, high, self.minimum):
                return name
        return None


def narrowed(low: int, high: int, minimum: int) -> bool:
    """Whether a figure known to lie in ``[low, high]`` residents is narrowed down: the range
    meets 1 to ``minimum - 1`` without covering it."""
    meets = low <= minimum - 1 and high >= 1
    return meets and not (low <= 1 and high >= minimum - 1)


def _family_figures(grids: list[Grid]) -> dict[FigureId, Count]:
    figures: dict[FigureId, Count] = {}
    for grid in grids:
        for row in grid.rows:
            for column in grid.columns:
                figures[(grid.key, row, column)] = grid.cell(row, column)
        for column, counted in (grid.totals or {}).items():
            figures[(grid.family, TOTAL, column)] = counted
    return figures


def _candidates(
    name: FigureId, grids: list[Grid], figures: dict[FigureId, Count], hidden: set[FigureId]
) -> Iterable[FigureId]:
    """Shown figures that would cover ``name`` if hidden, nearest first."""
    table, row, column = name
    family = grids[0].family

    def cells(grid: Grid) -> list[FigureId]:
        if grid.locked or column not in grid.columns:
            return []
        found = [(grid.key, r, column) for r in grid.rows]
        found = [f for f in found if f not in hidden and figures[f].count > 0]
        order = {r: n for n, r in enumerate(grid.rows)}
        return sorted(found, key=lambda f: (figures[f].count, order[f[1]]))

    own = [grid for grid in grids if grid.key == table]
    yield from (f for grid in own for f in cells(grid))
    total = (family, TOTAL, column)
    if total in figures and total not in hidden and row != TOTAL:
        yield total
    others = [f for grid in grids if grid.key != table for f in cells(grid)]
    yield from sorted(others, key=lambda f: figures[f].count)


def _protect_family(grids: list[Grid], minimum: int) -> set[FigureId]:
    figures = _family_figures(grids)
    hidden = {name for name, counted in figures.items() if _few(counted, minimum)}
    attack = _Attack(grids, figures, hidden, minimum)
    while (exposed := attack.unprotected()) is not None:
        more = next(iter(_candidates(exposed, grids, figures, hidden)), None)
        if more is None:
            # Nothing left to hide around it: withhold every figure of the family that was
            # not published before.
            locked = {grid.key for grid in grids if grid.locked}
            hidden.update(n for n in figures if figures[n].count > 0 and n[0] not in locked)
            break
        hidden.add(more)
    return hidden


def protect(grids: Iterable[Grid], *, minimum: int) -> set[FigureId]:
    """The figures to hide: primary, then audited secondary suppression per family of
    tables that share totals (module docstring)."""
    families: dict[str, list[Grid]] = {}
    for grid in grids:
        families.setdefault(grid.family, []).append(grid)
    hidden: set[FigureId] = set()
    for family in families.values():
        hidden |= _protect_family(family, minimum)
    return hidden
