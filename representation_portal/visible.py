"""What of a person's consents and requests a representative sees: only those touching a
category she may give or withdraw consent for. One rule for the portal's pages and the API,
so neither shows a bewindvoerder, say, that a request for health data exists."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from representation.constants import Action
from representation.selectors import allowed_for

if TYPE_CHECKING:
    from accounts.models import User


def consent_categories(*, actor: "User", subject: "User", at: datetime) -> set[str]:
    """The categories ``actor`` may give or withdraw consent for, for ``subject``."""
    allowed = allowed_for(actor=actor, subject=subject, at=at)
    return set(allowed[Action.GRANT] + allowed[Action.WITHDRAW]) - {""}


def within(items: Iterable[Any], categories: set[str]) -> list[Any]:
    """The grants or requests among ``items`` that touch one of ``categories``."""
    return [item for item in items if set(item.categories) & categories]
