"""Who may act for whom: every rule of representation, decided here and nowhere else.

Pure functions over plain facts (the relations between two people, a date of birth, a
moment), so the selector, the services and the tests share one answer.

The law behind each rule (Burgerlijk Wetboek, BW):

* **Minors.** Under 18 a person is a minor (art. 1:233 BW) and is under the authority
  (*gezag*) of a parent or a guardian (art. 1:245 BW). In Datameent:

  - **under 12**: the parent or guardian with authority acts for the child;
  - **12 to 15**: consent needs both the child and a parent or guardian with authority.
    This follows the ages of the WGBO (art. 7:450 BW: from 12 the child's own consent is
    needed as well, from 16 the child decides alone) and the Jeugdwet (art. 7.3.4
    Jeugdwet, which applies the same limits to youth care). A grant starts only when both
    agreed; either can withdraw it alone;
  - **from the 16th birthday**: the child alone. The parents' access ends at that moment.
    Running grants stay; the child is told to review them.

* **Adults with a court measure:** *curatele* (art. 1:378 BW; the curator acts in all
  matters and the person under curatele cannot give consent alone, art. 1:381 BW),
  *beschermingsbewind* (art. 1:431 BW: the bewindvoerder manages money and goods; here
  the categories income, debts and identity) and *mentorschap* (art. 1:450 BW: the mentor
  acts in care, nursing and treatment; here care and health, household, housing and
  identity).

* **Machtiging**: a resident authorises another person (*lastgeving* and *volmacht*,
  art. 7:414 and 3:60 BW) for chosen actions and categories, until an end date. A
  volmacht can be revoked at any time (art. 3:72 BW); the authorised person cannot pass it
  on (art. 3:64 BW: no substitution unless granted, and Datameent never grants it).

* **A withdrawal beats a grant**, whoever gives it: a withdrawal by any person allowed to
  withdraw ends the grant at once.

**Ages are counted to the second** on the Dutch clock: the N-th birthday starts at 00:00
Europe/Amsterdam on the date N years after the date of birth. Midnight never falls in a
clock change (those happen at 02:00 and 03:00), so this moment always exists and is
unique, in summer and winter time alike.

**The 29 February rule.** Someone born on 29 February has their birthday in a year
without 29 February on **1 March**: on 28 February they have not yet lived the full
years. (Dutch law has no general article for this; 1 March is the reading that never
lets a right start early.)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from representation.constants import (
    AUTHORITY_KINDS,
    SCOPE_ACTIONS,
    Action,
    Party,
    Reason,
    RelationKind,
    RelationState,
)
from vault.constants import Category

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CONSENT_AGE = 12
ADULT_FOR_CONSENT = 16

BEWIND_CATEGORIES = frozenset({Category.INCOME, Category.DEBTS, Category.IDENTITY})
MENTOR_CATEGORIES = frozenset(
    {Category.HEALTH, Category.HOUSEHOLD, Category.HOUSING, Category.IDENTITY}
)
_CATEGORIES = {
    RelationKind.BEWIND: BEWIND_CATEGORIES,
    RelationKind.MENTORSCHAP: MENTOR_CATEGORIES,
}
# The most telling refusal first, when several relations all refuse.
_REFUSALS = [
    Reason.CATEGORY_NOT_COVERED,
    Reason.ACTION_NOT_COVERED,
    Reason.CHILD_DECIDES,
    Reason.ON_HOLD,
    Reason.NOT_CONFIRMED,
    Reason.NOT_YET_VALID,
    Reason.ENDED,
    Reason.NO_RELATION,
]


@dataclass(frozen=True)
class Decision:
    """``allowed`` and why (``reason``, a ``Reason``); ``capacity`` is the relation kind the
    actor acts in (empty for the subject herself); ``awaiting`` is the party whose
    agreement a grant still needs (``Party``)."""

    allowed: bool
    reason: str
    capacity: str = ""
    awaiting: str = Party.NONE


def birthday(born_on: date, years: int) -> datetime:
    """The first second of the ``years``-th birthday, Europe/Amsterdam (29 Feb → 1 Mar)."""
    year = born_on.year + years
    try:
        day = born_on.replace(year=year)
    except ValueError:  # 29 February in a year without it
        day = date(year, 3, 1)
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


def age_at(born_on: date, at: datetime) -> int:
    years = at.astimezone(AMSTERDAM).year - born_on.year
    return years if at >= birthday(born_on, years) else years - 1


def _period_reason(relation: Any, at: datetime) -> str | None:
    state = relation.state
    if state != RelationState.ACTIVE:
        return {
            RelationState.PENDING: Reason.NOT_CONFIRMED,
            RelationState.ON_HOLD: Reason.ON_HOLD,
        }.get(state, Reason.ENDED)
    if at < relation.valid_from:
        return Reason.NOT_YET_VALID
    if relation.valid_until is not None and at >= relation.valid_until:
        return Reason.ENDED
    return None


def _authority(age: int | None, action: str) -> Decision:
    capacity = RelationKind.PARENTAL_AUTHORITY
    if age is None or age >= ADULT_FOR_CONSENT:
        return Decision(False, Reason.CHILD_DECIDES)
    if age >= CONSENT_AGE and action == Action.GRANT:
        return Decision(True, Reason.NEEDS_BOTH, capacity, Party.CHILD)
    return Decision(True, Reason.REPRESENTATIVE, capacity)


def _machtiging(relation: Any, action: str, category: str | None) -> Decision:
    actions = set().union(*(SCOPE_ACTIONS.get(s, set()) for s in relation.scopes))
    if action not in actions:
        return Decision(False, Reason.ACTION_NOT_COVERED)
    if category is None and action != Action.LOG:
        return Decision(False, Reason.CATEGORY_NOT_COVERED)
    if category is not None and category not in relation.categories:
        return Decision(False, Reason.CATEGORY_NOT_COVERED)
    return Decision(True, Reason.REPRESENTATIVE, RelationKind.MACHTIGING)


def relation_decision(
    relation: Any, *, age: int | None, action: str, category: str | None, at: datetime
) -> Decision:
    """What one relation allows the representative to do at ``at``."""
    refused = _period_reason(relation, at)
    if refused:
        return Decision(False, refused)
    kind = relation.kind
    if kind in AUTHORITY_KINDS:
        decision = _authority(age, action)
        return Decision(decision.allowed, decision.reason, kind, decision.awaiting)
    if kind == RelationKind.MACHTIGING:
        return _machtiging(relation, action, category)
    if kind in _CATEGORIES and (category is None or category not in _CATEGORIES[kind]):
        return Decision(False, Reason.CATEGORY_NOT_COVERED)
    return Decision(True, Reason.REPRESENTATIVE, kind)


def under_curatele(relations: Iterable[Any], at: datetime) -> bool:
    return any(r.kind == RelationKind.CURATELE and _period_reason(r, at) is None for r in relations)


def self_decision(*, age: int | None, curatele: bool, action: str) -> Decision:
    """What the subject may do herself."""
    if action != Action.GRANT:
        return Decision(True, Reason.SELF)
    if age is not None and age < CONSENT_AGE:
        return Decision(False, Reason.TOO_YOUNG)
    if curatele:
        return Decision(False, Reason.UNDER_CURATELE)
    if age is not None and age < ADULT_FOR_CONSENT:
        return Decision(True, Reason.NEEDS_BOTH, "", Party.PARENT)
    return Decision(True, Reason.SELF)


def decide(
    *,
    is_self: bool,
    relations: list[Any],
    subject_relations: list[Any],
    born_on: date | None,
    action: str,
    category: str | None,
    at: datetime,
) -> Decision:
    """May the actor do ``action`` on ``category`` for the subject at ``at``?

    ``relations`` are those from the actor to the subject; ``subject_relations`` are all of
    the subject's (for curatele). The best relation decides: an unconditional yes before a
    yes that needs both parties, before the most telling refusal.
    """
    age = None if born_on is None else age_at(born_on, at)
    if is_self:
        curatele = under_curatele(subject_relations, at)
        return self_decision(age=age, curatele=curatele, action=action)
    decisions = [
        relation_decision(r, age=age, action=action, category=category, at=at) for r in relations
    ]
    allowed = [d for d in decisions if d.allowed]
    if allowed:
        return min(allowed, key=lambda d: d.awaiting != Party.NONE)
    reasons = {d.reason for d in decisions} or {Reason.NO_RELATION}
    return Decision(False, next(r for r in _REFUSALS if r in reasons))
