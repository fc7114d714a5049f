"""The "Ik regel dit voor" banner and menu, on every page of a resident acting for someone."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from representation.constants import ACTING_SESSION_KEY, Action
from representation.selectors import acting_subject, allowed_for

EXPORT = "export"
# (action the page needs, url name, label): shown only when the relation allows the action.
ACTING_MENU = [
    (Action.GRANT, "representation:acting-consents", _("Toestemmingen")),
    (Action.WITHDRAW, "representation:acting-consents", _("Toestemmingen")),
    (Action.GRANT, "representation:acting-requests", _("Verzoeken")),
    (Action.WITHDRAW, "representation:acting-requests", _("Verzoeken")),
    (Action.RECORDS, "representation:acting-records", _("Gegevens")),
    (Action.LOG, "representation:acting-log", _("Logboek")),
    (Action.LOG, "representation:acting-inbox", _("Berichten")),
    # Export: only for whoever may see everything (records and log without limits).
    (EXPORT, "representation:acting-data-rights", _("Downloaden")),
]


def _allows(allowed: dict[str, list[str]], action: str) -> bool:
    # The log and messages are about everything: a relation limited to categories has none.
    if action == EXPORT:
        return "" in allowed[Action.RECORDS] and "" in allowed[Action.LOG]
    return "" in allowed[action] if action == Action.LOG else bool(allowed[action])


def acting_for(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_resident", False):
        return {}
    now = timezone.now()
    subject = acting_subject(actor=user, subject_id=request.session.get(ACTING_SESSION_KEY), at=now)
    if subject is None:
        return {}
    allowed = allowed_for(actor=user, subject=subject, at=now)
    menu: dict[str, str] = {}
    for action, name, label in ACTING_MENU:
        if _allows(allowed, action):
            menu.setdefault(reverse(name), str(label))
    return {"acting_for": subject, "acting_menu": list(menu.items())}
