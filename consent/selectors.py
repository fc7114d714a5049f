"""Reads for consent, and THE decision: may this caseworker read this category, now?

``decide`` is the only function that answers that question. ``vault.selectors
.records_for_decision`` opens another person's data only for a usable decision from here.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import memberships_active_at
from consent import receipts
from consent.constants import GrantStatus, ReasonCode, RequestStatus
from consent.exceptions import GrantNotFound
from consent.models import AccessRequest, ConsentEvent, Grant, Purpose, PurposeVersion
from consent.prepared import PreparedQuery
from vault.exceptions import VaultNotFound
from vault.selectors import vault_for_resident

if TYPE_CHECKING:
    from accounts.models import User

# A decision opens data only right after it was made; the gateway reads within milliseconds.
DECISION_MAX_AGE = timedelta(seconds=60)
_GRANT_COLUMNS = ("id", "categories", "valid_from", "valid_until", "revoked_at", "created_at")
# Lower is better: the reason of the best grant is the reason of the decision.
_RANK = [
    ReasonCode.ALLOWED,
    ReasonCode.CATEGORY_NOT_COVERED,
    ReasonCode.NOT_YET_VALID,
    ReasonCode.REVOKED,
    ReasonCode.EXPIRED,
]


@dataclass(frozen=True)
class ConsentDecision:
    allowed: bool
    reason: str
    grant_id: UUID | None
    resident_id: int
    caseworker_id: int
    purpose_code: str
    purpose_version: int | None
    department_id: int | None
    category: str
    decided_at: datetime
    # Decided against the clock (no ``at``): only such a decision can open data.
    live: bool = False


def _time_reason(grant: Grant, *, at: datetime) -> str | None:
    """Why the grant is not running at ``at``, or None when it runs.

    A grant runs from ``valid_from`` (inclusive) to ``valid_until`` (exclusive), unless it
    was revoked first. Only running or future grants can be revoked, so a revocation
    always comes before the end date.
    """
    if grant.revoked_at is not None and grant.revoked_at <= at:
        return ReasonCode.REVOKED
    if at >= grant.valid_until:
        return ReasonCode.EXPIRED
    if at < grant.valid_from:
        return ReasonCode.NOT_YET_VALID
    return None


def grant_reason(grant: Grant, *, category: str, at: datetime) -> str:
    """What one grant says about ``category`` at moment ``at``."""
    reason = _time_reason(grant, at=at)
    if reason is None and category not in grant.categories:
        reason = ReasonCode.CATEGORY_NOT_COVERED
    return reason or ReasonCode.ALLOWED


def _best(grants: list[Grant], *, category: str, at: datetime) -> tuple[Grant | None, str]:
    ranked = [(_RANK.index(grant_reason(g, category=category, at=at)), g) for g in grants]
    if not ranked:
        return None, ReasonCode.NO_GRANT
    # Same rank: the grant that runs longest, then the newest, so the answer is stable.
    rank, grant = min(ranked, key=lambda r: (r[0], -r[1].valid_until.timestamp(), r[1].pk.hex))
    return grant, _RANK[rank]


def _purpose_query(*, user_id: int, code: str, at: datetime, **_: Any) -> QuerySet:
    active = memberships_active_at(user=get_user_model()(pk=user_id), at=at)
    return (
        Purpose.objects.filter(code=code, current_version__isnull=False)
        .annotate(
            in_department=Exists(
                active.filter(department_id=OuterRef("current_version__department_id"))
            ),
            in_any_department=Exists(active),
            version_number=F("current_version__version"),
            current_department_id=F("current_version__department_id"),
        )
        .only("id")
    )


def _grant_query(*, resident_id: int, purpose_id: int, department_id: int, **_: Any) -> QuerySet:
    return (
        Grant.objects.filter(
            resident_id=resident_id, purpose_id=purpose_id, department_id=department_id
        )
        .only(*_GRANT_COLUMNS)
        .order_by()
    )


_PURPOSE = PreparedQuery(_purpose_query)
_GRANTS = PreparedQuery(_grant_query)
# Django has no FOR SHARE. Shared locks let many reads run side by side, while a
# revocation (FOR UPDATE) waits until the reading transaction is done.
_GRANTS_FOR_SHARE = PreparedQuery(_grant_query, suffix=" FOR SHARE")


def _purpose_row(*, caseworker: "User", purpose_code: str, at: datetime) -> Purpose | None:
    rows = _PURPOSE.run(user_id=caseworker.pk, code=purpose_code, at=at)
    return rows[0] if rows else None


def _grants(*, resident_id: int, purpose: Purpose, lock: bool) -> list[Grant]:
    query = _GRANTS_FOR_SHARE if lock and connection.vendor == "postgresql" else _GRANTS
    return query.run(
        resident_id=resident_id,
        purpose_id=purpose.pk,
        department_id=purpose.current_department_id,
    )


def decide(
    *,
    caseworker: "User",
    resident: "User",
    purpose_code: str,
    category: str,
    at: datetime | None = None,
    lock: bool = False,
) -> ConsentDecision:
    """May ``caseworker`` read ``category`` of ``resident`` for ``purpose_code`` at ``at``?

    The first rule that fails gives the reason:

    1. ``not_a_member_of_department``: the caseworker is in no department at that moment
       (left, not yet started, or not a caseworker at all).
    2. ``purpose_not_for_department``: the purpose is unknown, or its current version
       belongs to a department the caseworker is not in.
    3. The resident's grants for this purpose, given to that department (older versions
       included; a grant only ever covers what it was given for). The best grant decides,
       in this order: ``allowed``, ``category_not_covered``, ``not_yet_valid``, ``revoked``,
       ``expired``; without any grant: ``no_grant``.

    Without ``at`` the decision is about now and is *live*. With ``lock=True`` (inside a
    transaction) the grants read are locked FOR SHARE on PostgreSQL until it ends.
    """
    if lock and not connection.in_atomic_block:
        raise TransactionManagementError("decide(lock=True) must run inside a transaction")
    moment = at or timezone.now()
    base: dict[str, Any] = {
        "resident_id": resident.pk,
        "caseworker_id": caseworker.pk,
        "purpose_code": purpose_code,
        "category": category,
        "decided_at": moment,
        "live": at is None,
    }
    row = None
    if caseworker.role == Role.CASEWORKER:
        row = _purpose_row(caseworker=caseworker, purpose_code=purpose_code, at=moment)
    if row is None or not row.in_department:
        return _refusal(base, caseworker=caseworker, at=moment, row=row)
    grants = _grants(resident_id=resident.pk, purpose=row, lock=lock)
    grant, reason = _best(grants, category=category, at=moment)
    return ConsentDecision(
        allowed=reason == ReasonCode.ALLOWED,
        reason=reason,
        grant_id=grant.pk if grant else None,
        purpose_version=row.version_number,
        department_id=row.current_department_id,
        **base,
    )


def _is_member_anywhere(*, caseworker: "User", at: datetime, row: Purpose | None) -> bool:
    if row is not None:
        return bool(row.in_any_department)
    if caseworker.role != Role.CASEWORKER:
        return False
    # Only for an unknown purpose, which has no row to carry the answer.
    return memberships_active_at(user=caseworker, at=at).exists()


def _refusal(
    base: dict, *, caseworker: "User", at: datetime, row: Purpose | None
) -> ConsentDecision:
    member = _is_member_anywhere(caseworker=caseworker, at=at, row=row)
    return ConsentDecision(
        allowed=False,
        reason=ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
        if member
        else ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
        grant_id=None,
        purpose_version=row.version_number if row else None,
        department_id=row.current_department_id if row else None,
        **base,
    )


def decision_is_usable(decision: ConsentDecision) -> bool:
    """Allowed, about now, and made a moment ago: only then may it open a vault."""
    age = timezone.now() - decision.decided_at
    return decision.allowed is True and decision.live and timedelta(0) <= age <= DECISION_MAX_AGE


# -- for the gateway ----------------------------------------------------------------------


def _effective_at(at: datetime) -> Q:
    return Q(valid_from__lte=at, valid_until__gt=at) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
    )


def residents_with_current_grant_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet:
    """Residents with a grant running at ``at`` for a purpose of the caseworker's department."""
    if caseworker.role != Role.CASEWORKER:
        return get_user_model().objects.none()
    departments = memberships_active_at(user=caseworker, at=at).values("department_id")
    grants = Grant.objects.filter(
        _effective_at(at),
        department_id__in=departments,
        department_id=F("purpose__current_version__department_id"),
    )
    return get_user_model().objects.filter(id__in=grants.values("resident_id"))


def purposes_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet[PurposeVersion]:
    """The current versions of the purposes of the caseworker's departments at ``at``."""
    if caseworker.role != Role.CASEWORKER:
        return PurposeVersion.objects.none()
    departments = memberships_active_at(user=caseworker, at=at).values("department_id")
    return current_purposes().filter(department_id__in=departments)


def grants_expiring_between(*, start: datetime, end: datetime) -> QuerySet[Grant]:
    """Running grants whose end falls in ``[start, end)``: for expiry reminders."""
    return (
        Grant.objects.filter(
            valid_until__gte=start,
            valid_until__lt=end,
            revoked_at__isnull=True,
            resident__isnull=False,
        )
        .select_related("purpose", "purpose_version", "department", "resident")
        .order_by("valid_until")
    )


# -- for the resident ---------------------------------------------------------------------


def current_purposes() -> QuerySet[PurposeVersion]:
    return (
        PurposeVersion.objects.filter(id__in=Purpose.objects.values("current_version_id"))
        .select_related("purpose", "department")
        .order_by("purpose__code")
    )


def purposes_for_resident(*, resident: "User") -> QuerySet[PurposeVersion]:
    if not _is_resident(resident):
        return PurposeVersion.objects.none()
    return current_purposes()


def _is_resident(user: "User") -> bool:
    return user.is_authenticated and user.role == Role.RESIDENT


_STATUS = {
    None: GrantStatus.ACTIVE,
    ReasonCode.REVOKED: GrantStatus.REVOKED,
    ReasonCode.EXPIRED: GrantStatus.EXPIRED,
    ReasonCode.NOT_YET_VALID: GrantStatus.NOT_YET_VALID,
}


def grant_status(grant: Grant, *, at: datetime) -> str:
    return _STATUS[_time_reason(grant, at=at)]


def grants_for_resident(*, resident: "User") -> QuerySet[Grant]:
    if not _is_resident(resident):
        return Grant.objects.none()
    return Grant.objects.filter(resident=resident).select_related(
        "purpose_version__purpose", "department__organisation", "subject"
    )


def grant_get_for_resident(*, resident: "User", grant_id: UUID) -> Grant:
    grant = grants_for_resident(resident=resident).filter(id=grant_id).first()
    if grant is None:
        raise GrantNotFound()
    return grant


def _bsn_hash(resident: "User") -> str:
    if not _is_resident(resident):
        return ""
    try:
        return vault_for_resident(resident=resident).bsn_hash or ""
    except VaultNotFound:
        return ""


def events_for_resident(*, resident: "User") -> QuerySet[ConsentEvent]:
    """Their history: their own events, and those of requests addressed to their BSN."""
    if not _is_resident(resident):
        return ConsentEvent.objects.none()
    mine = Q(resident=resident)
    bsn_hash = _bsn_hash(resident)
    if bsn_hash:
        mine |= Q(resident__isnull=True, access_request__bsn_hash=bsn_hash)
    return ConsentEvent.objects.filter(mine).select_related("purpose_version__purpose")


def _with_status(queryset: QuerySet[AccessRequest], at: datetime) -> QuerySet[AccessRequest]:
    # Open past its end counts as expired at once, whether or not the expiry job ran.
    expired = Q(status=RequestStatus.OPEN, expires_at__lte=at)
    return queryset.annotate(
        current_status=Case(When(expired, then=Value(RequestStatus.EXPIRED)), default=F("status"))
    ).select_related("purpose_version__purpose", "department", "caseworker")


def access_requests_for_resident(*, resident: "User", at: datetime) -> QuerySet[AccessRequest]:
    bsn_hash = _bsn_hash(resident)
    if not bsn_hash:
        return AccessRequest.objects.none()
    return _with_status(AccessRequest.objects.filter(bsn_hash=bsn_hash), at)


def access_requests_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet[AccessRequest]:
    if not caseworker.is_authenticated or caseworker.role != Role.CASEWORKER:
        return AccessRequest.objects.none()
    return _with_status(AccessRequest.objects.filter(caseworker=caseworker), at)


# -- receipts and export ------------------------------------------------------------------


def grant_receipt(*, resident: "User", grant_id: UUID) -> dict[str, Any]:
    """The consent receipt of one grant (ISO/IEC TS 27560 fields, DPV terms)."""
    grant = grant_get_for_resident(resident=resident, grant_id=grant_id)
    now = timezone.now()
    return receipts.receipt(grant, status=grant_status(grant, at=now), now=now)


def consent_export_section(*, resident: "User") -> dict[str, Any]:
    """The consent part of a resident's export (settings.DATAMEENT_EXPORT_SECTIONS)."""
    now = timezone.now()
    grants = list(grants_for_resident(resident=resident).order_by("created_at"))
    return {
        "consents": [receipts.grant_summary(g, status=grant_status(g, at=now)) for g in grants],
        "consent_history": [
            receipts.event_summary(e) for e in events_for_resident(resident=resident)
        ],
        "consent_receipts": [
            receipts.receipt(g, status=grant_status(g, at=now), now=now) for g in grants
        ],
        "access_requests": [
            receipts.request_summary(r)
            for r in access_requests_for_resident(resident=resident, at=now)
        ],
    }
