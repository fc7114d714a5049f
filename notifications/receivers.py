"""Messages for what lower apps announce (accounts.signals, consent.signals).

The apps below notifications do not import it; they send a signal inside their transaction,
and these receivers enqueue the message in the same transaction. Connected in apps.py.
"""

from typing import Any

from django.dispatch import receiver

from accounts.signals import browser_first_seen
from consent.signals import access_request_made
from notifications.constants import Kind
from notifications.services import notification_enqueue
from representation.signals import subject_told


@receiver(browser_first_seen, dispatch_uid="notifications.browser_first_seen")
def new_browser_notify(*, event: Any, known: Any, **_: Any) -> None:
    notification_enqueue(
        resident=event.resident,
        kind=Kind.NEW_BROWSER,
        source_id=f"browser:{known.pk}",
        context={
            "occurred_at": event.logged_in_at.isoformat(),
            "browser": event.browser,
            "system": event.system,
            "network": event.network,
        },
    )


@receiver(access_request_made, dispatch_uid="notifications.access_request_made")
def access_request_notify(*, request: Any, version: Any, now: Any, **_: Any) -> None:
    # Recorded for every request, addressee unknown: the worker finds the resident later,
    # so this request path does the same work whether or not the BSN has a vault.
    notification_enqueue(
        resident=None,
        kind=Kind.ACCESS_REQUEST,
        source_id=str(request.id),
        context={
            "actor_id": request.caseworker_id,
            "department": version.department.code,
            "occurred_at": now.isoformat(),
            "reason": request.reason[:200],
            "purpose": version.purpose.code,
            "purpose_name_nl": version.name_nl,
            "purpose_name_en": version.name_en,
            "categories": list(request.categories),
            "request_id": str(request.id),
            "expires_at": request.expires_at.isoformat(),
        },
    )


@receiver(subject_told, dispatch_uid="notifications.subject_told")
def represented_person_notify(
    *, told: str, subject: Any, source_id: str, context: dict[str, Any], **_: Any
) -> None:
    notification_enqueue(resident=subject, kind=Kind(told), source_id=source_id, context=context)
