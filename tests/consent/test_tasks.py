"""The periodic jobs only write history and close requests; they are safe to run twice."""

from datetime import timedelta

from consent.constants import EventKind, RequestStatus
from consent.models import AccessRequest, ConsentEvent
from consent.services import access_request_create, grant_create
from consent.tasks import expire_access_requests, record_grant_expiries
from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO


def test_it_records_expiries_once(clock, alice, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    clock.move_to(grant.valid_until + timedelta(seconds=1))

    assert record_grant_expiries.delay().get() == 1
    assert record_grant_expiries.delay().get() == 0
    assert ConsentEvent.objects.filter(grant=grant, kind=EventKind.EXPIRED).count() == 1


def test_it_expires_requests_once(clock, alice, bob, purposes):
    access_request_create(
        caseworker=bob, purpose_code=WMO, categories=["health"], reason="Gesprek.", bsn=ALICE_BSN
    )
    clock.advance(days=14)

    assert expire_access_requests.delay().get() == 1
    assert expire_access_requests.delay().get() == 0
    assert AccessRequest.objects.get().status == RequestStatus.EXPIRED
