"""Which figures the client council may see: small groups are hidden (statistical
disclosure control), so no figure can point to one resident.

A group of figures is the cells of one table column plus their total. The rules:

1. *Primary*: a cell about 1 to ``minimum - 1`` different residents is hidden. A cell about
   no known resident (0, or attempts about unknown people only) identifies nobody and stays.
2. *Complementary*: when one cell of a group is hidden and the total is shown, the total
   minus the others would give it away. The smallest other non-zero cell is hidden too;
   when there is none, the total is hidden instead.

Counts of attempts add up to their total; counts of different residents do not (one resident
can be in several cells), so the rule only has to protect the counts.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class Hidden(StrEnum):
    FEW = "fewer_than_minimum"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Count:
    """What was counted: ``count`` things (attempts, events) about ``residents`` residents."""

    count: int = 0
    residents: int = 0


@dataclass(frozen=True)
class Figure:
    """A count as the council sees it: both numbers, or neither and why."""

    count: int | None
    residents: int | None
    hidden: Hidden | None = None

    @classmethod
    def shown(cls, counted: Count) -> "Figure":
        return cls(count=counted.count, residents=counted.residents)

    @classmethod
    def withheld(cls, reason: Hidden) -> "Figure":
        return cls(count=None, residents=None, hidden=reason)


def _too_few(counted: Count, minimum: int) -> bool:
    return 0 < counted.residents < minimum


def disclose(
    cells: Mapping[K, Count], total: Count, *, minimum: int
) -> tuple[dict[K, Figure], Figure]:
    """The cells and the total of one group, with small groups hidden (module docstring)."""
    hidden: dict[K, Hidden] = {key: Hidden.FEW for key, c in cells.items() if _too_few(c, minimum)}
    total_hidden = Hidden.FEW if _too_few(total, minimum) else None
    if len(hidden) == 1 and total_hidden is None:
        others = [key for key, c in cells.items() if key not in hidden and c.count > 0]
        if others:
            # Sorted by count, then by position, so the same data always hides the same cell.
            order = {key: index for index, key in enumerate(cells)}
            hidden[min(others, key=lambda key: (cells[key].count, order[key]))] = (
                Hidden.COMPLEMENTARY
            )
        else:
            total_hidden = Hidden.COMPLEMENTARY
    figures = {
        key: Figure.withheld(hidden[key]) if key in hidden else Figure.shown(counted)
        for key, counted in cells.items()
    }
    shown_total = Figure.withheld(total_hidden) if total_hidden else Figure.shown(total)
    return figures, shown_total
