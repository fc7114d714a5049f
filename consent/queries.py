"""What a resident reads about their own consent: purposes, grants, history, requests,
receipts and the export. Also the caseworker's own requests. Used via ``consent.selectors``.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from accounts.constants import Role
from consent import receipts
from consent.constants import RequestStatus
from consent.exceptions import GrantNotFound
from consent.models import AccessRequest, ConsentEvent, Grant, Purpose, PurposeVersion
from consent.rules import grant_status
from vault.selectors import VaultNotFound, resident_for_bsn_hash, vault_for_resident

if TYPE_CHECKING:
    from accounts.models import User


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


def grants_for_resident(*, resident: "User") -> QuerySet[Grant]:
    if not _is_resident(resident):
        return Grant.objects.none()
    return Grant.objects.filter(resident=resident).select_related(
        "purpose_version__purpose", "department__organisation", "subject"
    )


def grants_current_for_resident(*, resident: "User") -> QuerySet[Grant]:
    """Her grants as she reads them: a grant that was amended lives on in its amendment
    (the history keeps both), so it is not shown as a consent of its own."""
    return grants_for_resident(resident=resident).filter(amended_by__isnull=True)


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
    return ConsentEvent.objects.filter(mine).select_related(
        "purpose_version__purpose", "actor", "resident"
    )


def _with_status(queryset: QuerySet[AccessRequest], at: datetime) -> QuerySet[AccessRequest]:
    # Open past its end counts as expired at once, whether or not the expiry job ran.
    expired = Q(status=RequestStatus.OPEN, expires_at__lte=at)
    return queryset.annotate(
        current_status=Case(When(expired, then=Value(RequestStatus.EXPIRED)), default=F("status"))
    ).select_related("purpose_version__purpose", "department", "caseworker", "grant")


def access_requests_for_resident(*, resident: "User", at: datetime) -> QuerySet[AccessRequest]:
    bsn_hash = _bsn_hash(resident)
    # Annotated even when empty: callers filter on current_status (no vault: no requests).
    mine = AccessRequest.objects.filter(bsn_hash=bsn_hash)
    return _with_status(mine if bsn_hash else AccessRequest.objects.none(), at)


def access_request_addressee(*, request_id: UUID) -> "User | None":
    """Who an open request is addressed to, if anyone has a vault for its BSN.

    Asked only by the notification worker, after the request was answered with the same
    words either way, so the request path itself never learns whether a vault exists.
    """
    request = AccessRequest.objects.filter(id=request_id, status=RequestStatus.OPEN).first()
    return resident_for_bsn_hash(bsn_hash=request.bsn_hash) if request else None


def access_requests_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet[AccessRequest]:
    if not caseworker.is_authenticated or caseworker.role != Role.CASEWORKER:
        return AccessRequest.objects.none()
    return _with_status(AccessRequest.objects.filter(caseworker=caseworker), at)


def grant_receipt(*, resident: "User", grant_id: UUID) -> dict[str, Any]:
    """The consent receipt of one grant (ISO/IEC TS 27560 fields, DPV terms)."""
    grant = grant_get_for_resident(resident=resident, grant_id=grant_id)
    now = timezone.now()
    return receipts.receipt(grant, status=grant_status(grant, at=now), now=now)


def consent_export_section(*, resident: "User", whose: str | None = None) -> dict[str, Any]:
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
