"""The caseworker read path: find a resident, read what consent covers. Every attempt is logged.

Each attempt runs in ONE transaction: ``decide(lock=True)`` holds the grant FOR SHARE (so a
revocation waits for the read, and a read after a revocation sees it), then the vault is
opened through ``records_for_decision``, then the access log entry and the notification are
written. If either write fails, the whole read is rolled back and no data leaves.
Refusals are committed first and raised afterwards, so they stay in the log.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User
from accounts.selectors import memberships_active_at
from consent.constants import ReasonCode
from consent.selectors import ConsentDecision, decide, purposes_for_caseworker
from datameent.tracing import Trace
from municipal_gateway import references
from municipal_gateway import services as log_services
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.exceptions import AccessLogUnavailable, AccessRefused, ResidentNotFound
from municipal_gateway.models import AccessLogEntry, ResidentReference
from notifications import services as notification_services
from notifications.constants import CONTEXT_MAX_TEXT, Kind
from vault.selectors import RecordData, records_for_decision, vault_for_bsn

# Best first: the reason shown for a refusal over several categories.
_RANK = [
    ReasonCode.ALLOWED,
    ReasonCode.CATEGORY_NOT_COVERED,
    ReasonCode.NOT_YET_VALID,
    ReasonCode.REVOKED,
    ReasonCode.EXPIRED,
    ReasonCode.NO_GRANT,
    ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT,
    ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
]


@dataclass(frozen=True)
class Caller:
    """Who asks, why, and under which trace: the same for every attempt of one request."""

    caseworker: User
    stated_reason: str = ""
    trace: Trace | None = None
    started_at: datetime = field(default_factory=timezone.now)


@dataclass(frozen=True)
class ReadResult:
    reference: str
    purpose_code: str
    categories: list[str]
    records: list[RecordData]
    log_entry_id: UUID


@dataclass(frozen=True)
class _Attempt:
    """What one attempt came to, decided and logged inside the transaction."""

    entry: AccessLogEntry
    reason: str
    known: bool
    records: list[RecordData] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


def _trace_fields(trace: Trace | None) -> dict[str, str]:
    if trace is None:
        return {}
    return {
        "trace_id": trace.trace_id,
        "span_id": trace.span_id,
        "parent_span_id": trace.parent_span_id or "",
        "request_id": trace.request_id,
    }


def _purpose(caller: Caller, purpose_code: str) -> Any:
    """The current version of one of the caller's purposes, or None."""
    purposes = purposes_for_caseworker(caseworker=caller.caseworker, at=caller.started_at)
    return purposes.filter(purpose__code=purpose_code).first()


def _notify(caller: Caller, entry: AccessLogEntry, resident: User, purpose: Any) -> None:
    kind = Kind.ACCESS if entry.outcome == Outcome.ALLOWED else Kind.REFUSED_ACCESS
    categories = entry.categories_returned or entry.categories_requested
    context = {
        "actor_id": caller.caseworker.pk,
        "department": entry.department_code or None,
        "purpose": entry.purpose_code[:CONTEXT_MAX_TEXT],
        "purpose_name_nl": purpose.name_nl if purpose else None,
        "purpose_name_en": purpose.name_en if purpose else None,
        "categories": categories,
        "reason": caller.stated_reason[:CONTEXT_MAX_TEXT] or None,
        "occurred_at": entry.occurred_at.isoformat(),
        "grant_id": entry.grant_id or None,
        "access_log_id": str(entry.id),
    }
    notification_services.notification_enqueue(
        resident=resident, kind=kind, source_id=str(entry.id), context=context
    )


def _log(
    caller: Caller,
    *,
    resident: User | None,
    department: Department | None,
    purpose: Any,
    notify: bool = True,
    **fields: Any,
) -> AccessLogEntry:
    """Append the entry (and tell the resident). Any failure here fails the whole read."""
    try:
        entry = log_services.access_log_append(
            resident=resident,
            caseworker=caller.caseworker,
            department=department,
            purpose_name=purpose.name_nl if purpose else "",
            stated_reason=caller.stated_reason,
            started_at=caller.started_at,
            **_trace_fields(caller.trace),
            **fields,
        )
        if resident is not None and notify:
            _notify(caller, entry, resident, purpose)
    except Exception as error:  # noqa: BLE001 - whatever broke, the read must not go out
        raise AccessLogUnavailable() from error
    return entry


def _best(decisions: Iterable[ConsentDecision]) -> ConsentDecision:
    return min(decisions, key=lambda decision: _RANK.index(decision.reason))


def _scoped(decision: ConsentDecision, reference: ResidentReference) -> ConsentDecision:
    """A reference is valid for its own department: another department's purpose is refused."""
    if decision.department_id == reference.department_id:
        return decision
    return ConsentDecision(
        **{
            **decision.__dict__,
            "allowed": False,
            "reason": ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT,
            "grant_id": None,
        }
    )


def _categories(purpose: Any, category: str | None) -> list[str]:
    if category:
        return [category]
    # No purpose of mine: one decision still gives the reason why not.
    return list(purpose.categories) if purpose else [""]


def _read_known(
    caller: Caller, reference: ResidentReference, purpose_code: str, category: str | None
) -> _Attempt:
    purpose = _purpose(caller, purpose_code)
    requested = _categories(purpose, category)
    decisions = [
        _scoped(
            decide(
                caseworker=caller.caseworker,
                resident=reference.resident,
                purpose_code=purpose_code,
                category=code,
                lock=True,
            ),
            reference,
        )
        for code in requested
    ]
    allowed = [decision for decision in decisions if decision.allowed]
    records = [record for decision in allowed for record in records_for_decision(decision=decision)]
    best = _best(decisions)
    entry = _log(
        caller,
        resident=reference.resident,
        department=reference.department,
        purpose=purpose,
        operation=Operation.RECORDS_READ,
        purpose_code=purpose_code,
        purpose_version=best.purpose_version,
        outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED,
        reason=best.reason,
        grant_id=best.grant_id,
        categories_requested=[code for code in requested if code],
        categories_returned=[decision.category for decision in allowed],
        record_ids=[record.id for record in records],
    )
    returned = sorted(decision.category for decision in allowed)
    return _Attempt(entry, best.reason, known=True, records=records, categories=returned)


def _read_not_held(caller: Caller, reference: ResidentReference, purpose_code: str) -> _Attempt:
    """Another department's reference: the caller learns nothing, the resident learns of it."""
    entry = _log(
        caller,
        resident=reference.resident,
        department=_acting_department(caller, None),
        purpose=_purpose(caller, purpose_code),
        operation=Operation.RECORDS_READ,
        purpose_code=purpose_code,
        purpose_version=None,
        outcome=Outcome.REFUSED,
        reason=ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
    )
    return _Attempt(entry, ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT, known=False)


def _read_unknown(caller: Caller, purpose_code: str) -> _Attempt:
    entry = _log(
        caller,
        resident=None,
        department=None,
        purpose=None,
        operation=Operation.RECORDS_READ,
        purpose_code=purpose_code,
        purpose_version=None,
        outcome=Outcome.REFUSED,
        reason=Reason.UNKNOWN_RESIDENT,
    )
    return _Attempt(entry, Reason.UNKNOWN_RESIDENT, known=False)


def _read_attempt(
    caller: Caller, reference: str, purpose_code: str, category: str | None
) -> _Attempt:
    row = references.reference_for_caseworker(
        caseworker=caller.caseworker, reference=reference, at=caller.started_at
    )
    if row is None:
        return _read_unknown(caller, purpose_code)
    if not row.held:
        return _read_not_held(caller, row, purpose_code)
    return _read_known(caller, row, purpose_code, category)


def records_read(
    *, caller: Caller, reference: str, purpose_code: str, category: str | None = None
) -> ReadResult:
    """The records of the resident behind ``reference`` that current consent covers.

    Without ``category``: every category of the purpose the grant covers. Raises
    ``ResidentNotFound`` for a reference the caller's departments do not hold (unknown or
    another department's), ``AccessRefused`` (with the reason code) when consent does not
    cover the read, ``AccessLogUnavailable`` when the attempt could not be logged.
    """
    with transaction.atomic():
        attempt = _read_attempt(caller, reference, purpose_code, category)
    if not attempt.known:
        raise ResidentNotFound()
    if attempt.reason != ReasonCode.ALLOWED:
        raise AccessRefused(reason=attempt.reason)
    return ReadResult(
        reference=reference,
        purpose_code=purpose_code,
        categories=attempt.categories,
        records=attempt.records,
        log_entry_id=attempt.entry.id,
    )


def _acting_department(caller: Caller, department_id: int | None) -> Department | None:
    """The department the caller acted for: the purpose's, if theirs, else their first."""
    memberships = memberships_active_at(user=caller.caseworker, at=caller.started_at)
    if department_id is not None:
        own = memberships.filter(department_id=department_id)
        memberships = own if own.exists() else memberships
    membership = memberships.select_related("department__organisation").order_by("id").first()
    return membership.department if membership else None


def _lookup_known(caller: Caller, resident: User, purpose_code: str) -> str | None:
    purpose = _purpose(caller, purpose_code)
    decision = decide(
        caseworker=caller.caseworker,
        resident=resident,
        purpose_code=purpose_code,
        category=purpose.categories[0] if purpose and purpose.categories else "",
        lock=True,
    )
    # Any running grant for the purpose will do: a lookup returns no data.
    found = decision.reason in (ReasonCode.ALLOWED, ReasonCode.CATEGORY_NOT_COVERED)
    department = _acting_department(caller, decision.department_id)
    _log(
        caller,
        resident=resident,
        department=department,
        purpose=purpose,
        # A lookup shows no data; only a refused one is worth a message to the resident.
        notify=not found,
        operation=Operation.RESIDENT_LOOKUP,
        purpose_code=purpose_code,
        purpose_version=decision.purpose_version,
        outcome=Outcome.ALLOWED if found else Outcome.REFUSED,
        reason=ReasonCode.ALLOWED if found else decision.reason,
        grant_id=decision.grant_id,
    )
    if not found or department is None:
        return None
    return references.reference_get_or_create(resident=resident, department=department)


def resident_lookup(*, caller: Caller, bsn: str, purpose_code: str) -> str:
    """The caller's reference for the resident with ``bsn``, if a grant for the purpose runs.

    Otherwise ``ResidentNotFound``, exactly as for a BSN nobody has. Every lookup is
    logged: in the resident's chain when the BSN has a vault, else as an unknown resident.
    """
    with transaction.atomic():
        vault = vault_for_bsn(bsn=bsn)
        resident = User.objects.filter(id=vault.resident_id).first() if vault else None
        if resident is None:
            _log(
                caller,
                resident=None,
                department=None,
                purpose=None,
                operation=Operation.RESIDENT_LOOKUP,
                purpose_code=purpose_code,
                purpose_version=None,
                outcome=Outcome.REFUSED,
                reason=Reason.UNKNOWN_RESIDENT,
            )
            reference = None
        else:
            reference = _lookup_known(caller, resident, purpose_code)
    if reference is None:
        raise ResidentNotFound()
    return reference
