"""What every gateway attempt shares: who asks and why, and how the attempt is logged.

An attempt is logged (and the resident told) inside the caller's transaction. Whatever goes
wrong while writing either, the attempt fails with ``AccessLogUnavailable``: no data goes
out without its entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from accounts.selectors import memberships_active_at
from consent.selectors import ConsentDecision, current_purposes, purposes_for_caseworker
from datameent.tracing import Trace
from municipal_gateway import services as log_services
from municipal_gateway.constants import Outcome
from municipal_gateway.exceptions import AccessLogUnavailable
from municipal_gateway.models import AccessLogEntry
from notifications import services as notification_services
from notifications.constants import CONTEXT_MAX_TEXT, Kind

if TYPE_CHECKING:
    from accounts.models import Department, User


@dataclass(frozen=True)
class Caller:
    """Who asks, why, and under which trace: the same for every attempt of one request."""

    caseworker: User
    stated_reason: str = ""
    trace: Trace | None = None
    started_at: datetime = field(default_factory=timezone.now)
    # How the caseworker logged in, for the log entry (see municipal_gateway.login).
    login_method: str = ""
    login_assurance: str = ""


def trace_fields(trace: Trace | None) -> dict[str, Any]:
    if trace is None:
        return {}
    return {
        "trace_id": trace.trace_id,
        "span_id": trace.span_id,
        "parent_span_id": trace.parent_span_id or "",
        "request_id": trace.request_id,
    }


def purpose_for(caller: Caller, purpose_code: str) -> Any:
    """The current version of one of the caller's purposes, or None."""
    purposes = purposes_for_caseworker(caseworker=caller.caseworker, at=caller.started_at)
    return purposes.filter(purpose__code=purpose_code).first()


@lru_cache(maxsize=256)
def _purpose_version(purpose_code: str, version: int) -> Any:
    """A purpose version by number. Versions never change, so one read per process will do."""
    found = current_purposes().filter(purpose__code=purpose_code, version=version).first()
    if found is None:
        raise LookupError(purpose_code)  # not cached: it may become current later
    return found


def purpose_named(purpose: Any, decision: ConsentDecision) -> Any:
    """The purpose for the log's names: the one at hand, else the decision's version."""
    if purpose is not None or decision.purpose_version is None:
        return purpose
    try:
        return _purpose_version(decision.purpose_code, decision.purpose_version)
    except LookupError:
        return None


def _notification(
    caller: Caller, resident: User, purpose: Any, entry: AccessLogEntry
) -> tuple[str, list[Any]]:
    """The resident's notification of ``entry``, as a statement written with it."""
    allowed = entry.outcome == Outcome.ALLOWED
    kind = Kind.ACCESS if allowed else Kind.REFUSED_ACCESS
    # What she was shown, or what they tried to see: never what consent merely covered.
    categories = entry.categories_returned if allowed else entry.categories_requested
    context = {
        "actor_id": caller.caseworker.pk,
        "department": entry.department_code or None,
        "purpose": entry.purpose_code[:CONTEXT_MAX_TEXT],
        "purpose_name_nl": purpose.name_nl if purpose else None,
        "purpose_name_en": purpose.name_en if purpose else None,
        "categories": categories,
        "reason": caller.stated_reason[:CONTEXT_MAX_TEXT] or None,
        "refusal": None if allowed else entry.reason,
        "occurred_at": entry.occurred_at.isoformat(),
        "grant_id": entry.grant_id or None,
        "access_log_id": str(entry.id),
    }
    return notification_services.notification_enqueue_sql(
        resident_id=resident.pk, kind=kind, source_id=str(entry.id), context=context
    )


def log_attempt(
    caller: Caller,
    *,
    resident: User | None,
    department: Department | None,
    purpose: Any,
    notify: bool = True,
    head: Any = None,
    **fields: Any,
) -> AccessLogEntry:
    """Append the entry and tell the resident, in one write (``head``: the resident's chain
    head, locked already). Any failure here fails the whole read."""
    tell = partial(_notification, caller, resident, purpose) if resident and notify else None
    try:
        entry = log_services.access_log_append(
            resident=resident,
            caseworker=caller.caseworker,
            department=department,
            purpose_name=purpose.name_nl if purpose else "",
            stated_reason=caller.stated_reason,
            started_at=caller.started_at,
            login_method=caller.login_method,
            login_assurance=caller.login_assurance,
            head=head,
            also=tell,
            **trace_fields(caller.trace),
            **fields,
        )
        if tell is not None:
            notification_services.notification_enqueued()
    except Exception as error:  # noqa: BLE001 - whatever broke, the read must not go out
        raise AccessLogUnavailable() from error
    return entry


def acting_department(caller: Caller, department_id: int | None) -> Department | None:
    """The department the caller acted for: the purpose's, if theirs, else their first."""
    memberships = memberships_active_at(user=caller.caseworker, at=caller.started_at)
    if department_id is not None:
        own = memberships.filter(department_id=department_id)
        memberships = own if own.exists() else memberships
    membership = memberships.select_related("department__organisation").order_by("id").first()
    return membership.department if membership else None
