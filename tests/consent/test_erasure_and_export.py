"""Erasure keeps the consent history, but nothing of it points to the resident anymore.
Export gives the resident their grants, history, receipts and requests."""

from django.utils import timezone

from consent.constants import EventKind, RequestStatus
from consent.models import AccessRequest, ConsentEvent, ConsentSubject, Grant
from consent.services import (
    access_request_approve,
    access_request_create,
    grant_create,
    grant_revoke,
)
from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO, WMO_BEGELEIDING
from vault.selectors import resident_export
from vault.services import vault_erase


def _ask(bob, **kwargs):
    return access_request_create(
        caseworker=bob,
        purpose_code=kwargs.pop("purpose_code", WMO),
        categories=["health"],
        reason="Gesprek met mevrouw Alice over haar aanvraag.",
        case_reference="WMO-1",
        bsn=ALICE_BSN,
    )


def test_it_revokes_first_and_then_cuts_every_link(clock, alice, dave, bob, purposes):
    # Another purpose than the approved request's: a second approval would amend it.
    running = grant_create(resident=alice, purpose_code=WMO_BEGELEIDING, categories=["health"])
    approved = access_request_approve(resident=alice, request_id=_ask(bob).id)
    waiting = _ask(bob, purpose_code=WMO_BEGELEIDING)
    daves = grant_create(resident=dave, purpose_code=WMO, categories=["health"])
    old_pseudonym = ConsentSubject.objects.get(resident=alice).pseudonym
    events_before = ConsentEvent.objects.count()
    clock.advance(minutes=1)

    vault_erase(resident=alice)

    grants = Grant.objects.exclude(pk=daves.pk)
    assert grants.count() == 2 and not grants.filter(resident__isnull=False).exists()
    assert not grants.filter(revoked_at__isnull=True).exists()
    assert set(grants.values_list("revoked_at", flat=True)) == {timezone.now()}
    subject = ConsentSubject.objects.get(pk=grants.first().subject_id)
    assert subject.resident is None and subject.pseudonym != old_pseudonym
    assert set(grants.values_list("subject", flat=True)) == {subject.pk}
    for request in AccessRequest.objects.all():
        assert (request.bsn_hash, request.reason, request.case_reference) == ("", "", "")
        assert (request.resident, request.subject) == (None, subject)
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.EXPIRED
    # Nothing deleted: revocations and the closed request were added to the history.
    assert ConsentEvent.objects.count() == events_before + 3
    assert not ConsentEvent.objects.filter(subject=subject, resident__isnull=False).exists()
    assert ConsentEvent.objects.filter(subject=subject, kind=EventKind.REVOKED).count() == 2
    assert Grant.objects.get(pk=daves.pk).resident == dave
    assert approved.grant_id in set(grants.values_list("id", flat=True))
    assert running.id in set(grants.values_list("id", flat=True))


def test_it_erases_a_resident_without_any_consent(alice):
    vault_erase(resident=alice)
    assert not ConsentSubject.objects.exists()


def test_it_exports_grants_history_receipts_and_requests(clock, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    grant_revoke(resident=alice, grant_id=grant.id)
    _ask(bob)

    export = resident_export(resident=alice)

    assert [c["id"] for c in export["consents"]] == [str(grant.id)]
    assert export["consents"][0]["status"] == "revoked"
    assert [e["kind"] for e in export["consent_history"]] == ["request_made", "revoked", "granted"]
    assert export["consent_receipts"][0]["record_id"] == str(grant.id)
    assert export["access_requests"][0]["reason"].startswith("Gesprek")
