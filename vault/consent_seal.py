"""The vault's side of the one consent decision.

Consent seals each decision it issues that may open data (allowed, about now, about one
category); the vault opens data only for a sealed one, and only until the seal runs out. A
seal belongs to the very object consent handed out, as it was then: a decision built by hand,
copied, unpickled or changed in place (``object.__setattr__`` gets past ``frozen``) is not
sealed. Held weakly, so a seal lives no longer than the read that holds the decision.

Only ``consent.selectors`` may import this module: an import contract (pyproject.toml)
enforces that, so no other code can seal a decision of its own.
"""

import weakref
from datetime import datetime
from typing import Any

from django.utils import timezone

_SEALED: "weakref.WeakValueDictionary[int, Any]" = weakref.WeakValueDictionary()
# id -> (the decision's fields when sealed, sealed until); dropped with the decision.
_TERMS: dict[int, tuple[dict[str, Any], datetime]] = {}


def seal(decision: Any, *, until: datetime) -> None:
    key = id(decision)
    _SEALED[key] = decision
    _TERMS[key] = (dict(decision.__dict__), until)
    weakref.finalize(decision, _TERMS.pop, key, None)


def is_sealed(decision: Any) -> bool:
    """Sealed by consent, unchanged since, and the seal has not run out."""
    key = id(decision)
    terms = _TERMS.get(key)
    if terms is None or _SEALED.get(key) is not decision:
        return False
    fields, until = terms
    return decision.__dict__ == fields and timezone.now() <= until
