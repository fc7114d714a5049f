"""The acts done on someone's behalf, in words: "Wat anderen namens mij deden" and the
acting log. An act stores codes (its ``Action``, an ``ActWhat`` or a purpose's code, and
categories); the subject reads what was done, in her language."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from consent.selectors import purposes_for_resident
from representation.constants import Action, ActWhat
from vault.constants import Category

if TYPE_CHECKING:
    from accounts.models import User
    from representation.models import RepresentativeAct


def act_rows(
    acts: Iterable["RepresentativeAct"], *, subject: "User"
) -> list[tuple["RepresentativeAct", str]]:
    """Each act with what it was, in words, for ``subject``'s log."""
    acts = list(acts)
    purposes: dict[str, str] = {}
    if any(act.what and act.what not in ActWhat.values for act in acts):
        # An act on a grant or request names the purpose by its code: the current name.
        purposes = {v.purpose.code: v.name for v in purposes_for_resident(resident=subject)}
    return [(act, _words(act, purposes)) for act in acts]


def _words(act: "RepresentativeAct", purposes: dict[str, str]) -> str:
    if act.what in ActWhat.values:
        words = str(ActWhat(act.what).label)
    elif act.what:
        words = _("%(action)s: %(purpose)s") % {
            "action": _action(act.action),
            "purpose": purposes.get(act.what, act.what),
        }
    else:
        words = _action(act.action)
    categories = [
        str(Category(code).label) for code in act.category.split(",") if code in Category.values
    ]
    if categories:
        words = _("%(what)s (%(categories)s)") % {
            "what": words,
            "categories": ", ".join(categories),
        }
    return words


def _action(code: str) -> str:
    return str(Action(code).label) if code in Action.values else code
