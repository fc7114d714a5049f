"""The caseworker read path: find a resident, read what consent covers. Every attempt is logged.

Each attempt runs in ONE transaction: ``decide_categories(lock=True)`` holds the grants FOR
SHARE (so a revocation waits for the read, and a read after a revocation sees it), then the
vault is opened through ``records_for_decisions``, then the access log entry and the
notification are written. If either write fails, the whole read is rolled back and no data leaves.
Refusals are committed first and raised afterwards, so they stay in the log.
Looking residents up by BSN: ``lookups.py``.
"""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from accounts.constants import Role
from consent.constants import ReasonCode
from consent.selectors import ConsentDecision, best_decision, decide_categories
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.exceptions import AccessRefused, ResidentNotFound
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services import head_from_row, references, statements
from municipal_gateway.services.attempts import (
    Caller,
    acting_department,
    log_attempt,
    purpose_for,
    purpose_named,
)
from municipal_gateway.services.references import HeldReference, held_reference
from vault.selectors import CryptoError, RecordData, records_for_decisions


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


def _categories(purpose: Any, category: str | None) -> list[str]:
    if category:
        return [category]
    # None (no purpose of mine, or one that names none): consent still says why not.
    return list(purpose.categories) if purpose else []


def _read_known(
    caller: Caller,
    reference: HeldReference,
    purpose_code: str,
    category: str | None,
    found: statements.Read | None = None,
) -> _Attempt:
    """``found``: what the single read statement (PostgreSQL) read already, locked."""
    if found is not None:
        # The purpose's current version, if it is one of the caller's (as ``purpose_for``).
        current = found.facts.purpose
        purpose = current if current is not None and current.in_department else None
        requested = (
            [category] if category else list(purpose.purpose_categories or []) if purpose else []
        )
    else:
        # With a category, the decision alone says all; the purpose is needed for its names.
        purpose = purpose_for(caller, purpose_code) if category is None else None
        requested = _categories(purpose, category)
    decisions = decide_categories(
        caseworker=caller.caseworker,
        resident=reference.resident,
        purpose_code=purpose_code,
        categories=requested,
        lock=True,
        department_id=reference.department.pk,
        read=found.facts if found else None,
    )
    allowed = [decision for decision in decisions if decision.allowed]
    try:
        rows = found.records if found else None
        records = records_for_decisions(decisions=allowed, rows=rows) if allowed else []
    except CryptoError:
        return _read_failed(caller, reference, purpose, requested, best_decision(decisions))
    best = best_decision(decisions)
    if found is not None:
        named = found.facts.purpose if best.purpose_version is not None else None
    else:
        named = purpose_named(purpose, best)
    entry = log_attempt(
        caller,
        resident=reference.resident,
        department=reference.department,
        purpose=named,
        head=head_from_row(found.head) if found and found.head else None,
        operation=Operation.RECORDS_READ,
        purpose_code=purpose_code,
        purpose_version=best.purpose_version,
        outcome=Outcome.ALLOWED if allowed else Outcome.REFUSED,
        reason=best.reason,
        grant_id=best.grant_id,
        categories_requested=requested,
        # What was shown: a category consent covers but she has no record in was not.
        categories_returned=[record.category for record in records],
        record_ids=[record.id for record in records],
    )
    returned = sorted(decision.category for decision in allowed)
    return _Attempt(entry, best.reason, known=True, records=records, categories=returned)


def _read_failed(
    caller: Caller,
    reference: HeldReference,
    purpose: Any,
    requested: list[str],
    best: ConsentDecision,
) -> _Attempt:
    """Consent allowed the read but the vault would not open (a wrong or missing key).

    Logged with the outcome ``error``: the resident sees the attempt in their log. No
    message is sent, because nothing was shown; the caseworker's next try will tell them.
    """
    entry = log_attempt(
        caller,
        resident=reference.resident,
        department=reference.department,
        purpose=purpose_named(purpose, best),
        notify=False,
        operation=Operation.RECORDS_READ,
        purpose_code=best.purpose_code,
        purpose_version=best.purpose_version,
        outcome=Outcome.ERROR,
        reason=Reason.VAULT_UNAVAILABLE,
        grant_id=best.grant_id,
        categories_requested=requested,
    )
    return _Attempt(entry, Reason.VAULT_UNAVAILABLE, known=True)


def invalid_input_log(*, caller: Caller, operation: str) -> AccessLogEntry:
    """A caseworker's attempt with forbidden characters (``datameent.hygiene``): counted in
    their unknown-resident chain. Nothing they sent is logged, and nobody is looked up."""
    with transaction.atomic():
        return log_attempt(
            caller,
            resident=None,
            department=None,
            purpose=None,
            operation=operation,
            purpose_code="",
            purpose_version=None,
            outcome=Outcome.REFUSED,
            reason=Reason.INVALID_INPUT,
        )


def _read_not_held(caller: Caller, reference: HeldReference, purpose_code: str) -> _Attempt:
    """Another department's reference: the caller learns nothing, the resident learns of it."""
    entry = log_attempt(
        caller,
        resident=reference.resident,
        department=acting_department(caller, None),
        purpose=purpose_for(caller, purpose_code),
        operation=Operation.RECORDS_READ,
        purpose_code=purpose_code,
        purpose_version=None,
        outcome=Outcome.REFUSED,
        reason=ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
    )
    return _Attempt(entry, ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT, known=False)


def _read_unknown(caller: Caller, purpose_code: str) -> _Attempt:
    entry = log_attempt(
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
    found = _read_in_one(caller, reference, purpose_code, category)
    if found is not None:
        return _read_known(caller, held_reference(found.reference), purpose_code, category, found)
    row = references.reference_for_caseworker(
        caseworker=caller.caseworker, reference=reference, at=caller.started_at
    )
    if row is None:
        return _read_unknown(caller, purpose_code)
    if not row.held:
        return _read_not_held(caller, row, purpose_code)
    return _read_known(caller, row, purpose_code, category)


def _read_in_one(
    caller: Caller, reference: str, purpose_code: str, category: str | None
) -> statements.Read | None:
    """On PostgreSQL, the common case in one statement: a caseworker reads with a reference
    their department holds, about a resident whose chain exists. Anything else (and SQLite)
    goes the way of separate queries, with the same rules."""
    if connection.vendor != "postgresql" or caller.caseworker.role != Role.CASEWORKER:
        return None
    found = statements.read(
        reference=reference,
        user_id=caller.caseworker.pk,
        purpose_code=purpose_code,
        category=category,
        started_at=caller.started_at,
        # Decided now, inside the transaction: a revocation that committed before it began
        # is seen (FOR SHARE) and is in the past, as with consent's own queries.
        at=timezone.now(),
    )
    if not found.reference or not found.reference["held"] or found.head is None:
        return None
    return found


def records_read(
    *, caller: Caller, reference: str, purpose_code: str, category: str | None = None
) -> ReadResult:
    """The records of the resident behind ``reference`` that current consent covers.

    Without ``category``: every category of the purpose the grant covers. Raises
    ``ResidentNotFound`` for a reference the caller's departments do not hold (unknown or
    another department's), ``AccessRefused`` (with the reason code) when consent does not
    cover the read, ``AccessLogUnavailable`` when the attempt could not be logged,
    ``vault.exceptions.CryptoError`` (503, logged as an error) when the vault would not open.
    """
    with transaction.atomic():
        attempt = _read_attempt(caller, reference, purpose_code, category)
    if not attempt.known:
        raise ResidentNotFound()
    if attempt.reason == Reason.VAULT_UNAVAILABLE:
        raise CryptoError("The vault of a gateway read could not be opened")
    if attempt.reason != ReasonCode.ALLOWED:
        raise AccessRefused(reason=attempt.reason)
    return ReadResult(
        reference=reference,
        purpose_code=purpose_code,
        categories=attempt.categories,
        records=attempt.records,
        log_entry_id=attempt.entry.id,
    )
