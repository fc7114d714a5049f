"""Erasure: a resident's consent rows stay for the record, but no longer point to them."""

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consent.constants import EventKind, RequestStatus
from consent.models import AccessRequest, ConsentEvent, ConsentSubject, Grant
from consent.services.common import bsn_hash_of, event_add
from consent.services.grants import grant_revoke_locked

if TYPE_CHECKING:
    from accounts.models import User


def _revoke_all(resident: "User") -> None:
    now = timezone.now()
    grants = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("purpose_version", "subject")
        .filter(resident=resident, revoked_at__isnull=True, valid_until__gt=now)
    )
    for grant in grants:
        grant_revoke_locked(grant, now)


def _close_open_requests(request_ids: list) -> None:
    now = timezone.now()
    requests = AccessRequest.objects.select_for_update(of=("self",)).select_related(
        "purpose_version"
    )
    for request in requests.filter(id__in=request_ids, status=RequestStatus.OPEN):
        request.status = RequestStatus.EXPIRED
        request.save(update_fields=["status"])
        event_add(
            kind=EventKind.REQUEST_EXPIRED,
            version=request.purpose_version,
            categories=request.categories,
            at=now,
            access_request=request,
        )


@transaction.atomic
def consent_erase_for_resident(*, resident: "User") -> None:
    """Revoke every running grant, then cut every consent row loose from the resident.

    Runs inside the vault's erasure transaction, before the user row is deleted. Rows keep
    one shared, freshly drawn pseudonym, so counts stay right; free texts that may name
    the resident (reason, case reference, message) and the BSN hash are blanked.
    """
    _revoke_all(resident)
    bsn_hash = bsn_hash_of(resident)
    addressed = Q(resident=resident) | (Q(bsn_hash=bsn_hash) if bsn_hash else Q(pk__in=[]))
    request_ids = list(AccessRequest.objects.filter(addressed).values_list("id", flat=True))
    _close_open_requests(request_ids)
    subject = ConsentSubject.objects.select_for_update().filter(resident=resident).first()
    if subject is None and not request_ids:
        return
    subject = subject or ConsentSubject.objects.create()
    ConsentSubject.objects.filter(pk=subject.pk).update(resident=None, pseudonym=uuid.uuid4())
    AccessRequest.objects.filter(id__in=request_ids).update(
        bsn_hash="",
        reason="",
        case_reference="",
        response_message="",
        resident=None,
        subject=subject,
    )
    ConsentEvent.objects.filter(Q(resident=resident) | Q(access_request_id__in=request_ids)).update(
        resident=None, subject=subject
    )
    Grant.objects.filter(resident=resident).update(resident=None)
