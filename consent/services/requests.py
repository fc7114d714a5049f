"""Access requests: a caseworker asks, the resident approves, narrows or denies.

A request is stored and answered the same way whether or not its BSN has a vault; it
holds only the keyed hash, and nothing looks the vault up when the request is made.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.constants import Role
from accounts.selectors import is_member
from consent.constants import (
    MAX_CASE_REFERENCE_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_REASON_LENGTH,
    EventKind,
    RequestStatus,
)
from consent.exceptions import (
    AccessRequestNotFound,
    ConsentError,
    NotACaseworker,
    NotAMember,
    RequestNotOpen,
)
from consent.models import AccessRequest, ConsentEvent, Grant, PurposeVersion
from consent.services.common import (
    bsn_hash_of,
    checked_categories,
    current_version,
    event_add,
    locked_subject,
)
from consent.services.grants import (
    grant_agree_locked,
    grant_event,
    grant_insert,
    grant_revoke_locked,
    grant_running_locked,
    grant_widen_locked,
)
from consent.signals import access_request_made
from representation.constants import Action, Party
from representation.services import act_authorise
from vault.selectors import bsn_lookup_hash

if TYPE_CHECKING:
    from accounts.models import User


# What people read for each field in a message (the code keeps the field's own name).
_FIELD_LABELS = {
    "reason": gettext_lazy("de reden"),
    "case_reference": gettext_lazy("het zaaknummer"),
    "message": gettext_lazy("het bericht"),
}


def _text(value: str, *, limit: int, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    label = _FIELD_LABELS[field]
    if required and not value:
        raise ConsentError(_("Vul %(field)s in.") % {"field": label}, code=f"{field}_required")
    if len(value) > limit:
        raise ConsentError(
            _("In %(field)s passen hoogstens %(limit)s tekens.") % {"field": label, "limit": limit},
            code=f"{field}_too_long",
        )
    return value


def access_request_insert(
    *,
    caseworker: "User",
    version: PurposeVersion,
    categories: list[str],
    reason: str,
    case_reference: str,
    bsn_hash: str,
    now: datetime,
) -> AccessRequest:
    request = AccessRequest.objects.create(
        caseworker=caseworker,
        department_id=version.department_id,
        purpose_version=version,
        categories=categories,
        reason=reason,
        case_reference=case_reference,
        bsn_hash=bsn_hash,
        expires_at=now + timedelta(days=settings.CONSENT_REQUEST_TTL_DAYS),
    )
    event_add(
        kind=EventKind.REQUEST_MADE,
        version=version,
        categories=categories,
        at=now,
        access_request=request,
    )
    access_request_made.send(sender=AccessRequest, request=request, version=version, now=now)
    return request


@transaction.atomic
def access_request_create(
    *,
    caseworker: "User",
    purpose_code: str,
    categories: list[str],
    reason: str,
    bsn: str,
    case_reference: str = "",
) -> AccessRequest:
    """Ask a resident, by BSN, for consent. Same work and same result with or without vault."""
    if not caseworker.is_authenticated or caseworker.role != Role.CASEWORKER:
        raise NotACaseworker()
    version = current_version(purpose_code)
    now = timezone.now()
    if not is_member(user=caseworker, department_id=version.department_id, at=now):
        raise NotAMember()
    chosen = checked_categories(
        chosen=categories, allowed=version.categories, code="category_not_in_purpose"
    )
    return access_request_insert(
        caseworker=caseworker,
        version=version,
        categories=chosen,
        reason=_text(reason, limit=MAX_REASON_LENGTH, field="reason", required=True),
        case_reference=_text(
            case_reference, limit=MAX_CASE_REFERENCE_LENGTH, field="case_reference"
        ),
        bsn_hash=bsn_lookup_hash(bsn=bsn),
        now=now,
    )


def _locked_open_request(*, resident: "User", request_id: UUID, now: datetime) -> AccessRequest:
    bsn_hash = bsn_hash_of(resident)
    request = None
    if bsn_hash:
        request = (
            AccessRequest.objects.select_for_update(of=("self",))
            .select_related("purpose_version__purpose")
            .filter(id=request_id, bsn_hash=bsn_hash)
            .first()
        )
    if request is None:
        raise AccessRequestNotFound()
    # Expired by the clock even if the expiry job has not run yet.
    if request.status != RequestStatus.OPEN or request.expires_at <= now:
        raise RequestNotOpen()
    return request


def _answer(
    request: AccessRequest,
    *,
    resident: "User",
    status: str,
    now: datetime,
    actor: "User | None" = None,
) -> None:
    """Close the request; its history event names what she granted, not what was asked."""
    request.status = status
    request.answered_at = now
    request.resident = resident
    request.subject = locked_subject(resident)
    request.save()
    kind = (
        EventKind.REQUEST_APPROVED if status == RequestStatus.APPROVED else EventKind.REQUEST_DENIED
    )
    event_add(
        kind=kind,
        version=request.purpose_version,
        categories=request.grant.categories if request.grant else request.categories,
        at=now,
        access_request=request,
        grant=request.grant,
        resident=resident,
        subject=request.subject,
        actor=actor or resident,
        capacity="" if actor is None or actor.pk == resident.pk else "representative",
    )


@transaction.atomic
def access_request_approve(
    *,
    resident: "User",
    request_id: UUID,
    categories: list[str] | None = None,
    valid_until: datetime | None = None,
    actor: "User | None" = None,
) -> AccessRequest:
    """Approve, optionally for fewer categories or a shorter period: this creates a grant,
    or amends the one she gave for this purpose before (``grant_widen_locked``).

    ``actor`` (default the resident) approves; ``representation`` decides whether she may.
    When the grant needs a second agreement (a child of 12 to 15 and a parent), the
    request stays open with its grant waiting until the other party approves it too."""
    now = timezone.now()
    request = _locked_open_request(resident=resident, request_id=request_id, now=now)
    acting = actor or resident
    if request.grant is not None:
        grant_agree_locked(request.grant, resident=resident, actor=acting, now=now)
    else:
        request.grant = _request_grant(request, resident, acting, categories, valid_until, now)
    if request.grant.awaiting:
        request.save(update_fields=["grant"])
    else:
        _answer(request, resident=resident, status=RequestStatus.APPROVED, now=now, actor=actor)
    return request


def _request_grant(
    request: AccessRequest,
    resident: "User",
    actor: "User",
    categories: list[str] | None,
    valid_until: datetime | None,
    now: datetime,
) -> Grant:
    chosen = checked_categories(
        chosen=request.categories if categories is None else categories,
        allowed=request.categories,
        code="category_not_requested",
    )
    decision = act_authorise(
        actor=actor,
        subject=resident,
        action=Action.GRANT,
        categories=chosen,
        what=request.purpose_version.purpose.code,
    )
    version = request.purpose_version
    running = grant_running_locked(resident=resident, version=version, now=now)
    # A second yes amends the running consent. Not while either waits for a second party:
    # widening then would give more than both agreed to.
    if running is not None and not running.awaiting and decision.awaiting == Party.NONE:
        return grant_widen_locked(
            running,
            resident=resident,
            version=version,
            categories=chosen,
            now=now,
            valid_until=valid_until,
            actor=actor,
            decision=decision,
        )
    grant = grant_insert(
        resident=resident,
        version=version,
        categories=chosen,
        now=now,
        valid_until=valid_until,
        actor=actor,
        decision=decision,
    )
    grant_event(EventKind.GRANTED, grant, now, actor)
    return grant


@transaction.atomic
def access_request_deny(
    *, resident: "User", request_id: UUID, message: str = "", actor: "User | None" = None
) -> AccessRequest:
    """Deny. Either party alone can, also after the other approved: a withdrawal beats a
    grant, so a grant still waiting for the second agreement is revoked."""
    now = timezone.now()
    request = _locked_open_request(resident=resident, request_id=request_id, now=now)
    act_authorise(
        actor=actor or resident,
        subject=resident,
        action=Action.WITHDRAW,
        categories=list(request.categories),
        what=request.purpose_version.purpose.code,
    )
    request.response_message = _text(message, limit=MAX_MESSAGE_LENGTH, field="message")
    if request.grant is not None:
        grant_revoke_locked(request.grant, now, actor)
    _answer(request, resident=resident, status=RequestStatus.DENIED, now=now, actor=actor)
    return request


@transaction.atomic
def access_requests_expire(*, now: datetime) -> int:
    """Close the requests nobody answered in time; returns how many. Idempotent."""
    requests = list(
        AccessRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("purpose_version")
        .filter(status=RequestStatus.OPEN, expires_at__lte=now)
    )
    for request in requests:
        request.status = RequestStatus.EXPIRED
        request.save(update_fields=["status"])
    ConsentEvent.objects.bulk_create(
        [
            ConsentEvent(
                kind=EventKind.REQUEST_EXPIRED,
                access_request=request,
                purpose_version=request.purpose_version,
                categories=request.categories,
                occurred_at=request.expires_at,
            )
            for request in requests
        ],
        ignore_conflicts=True,
    )
    return len(requests)
