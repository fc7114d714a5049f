"""Access requests: made by BSN without revealing who has a vault; answered by the resident."""

from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consent.constants import EventKind, RequestStatus
from consent.exceptions import (
    AccessRequestNotFound,
    InvalidCategories,
    NotACaseworker,
    NotAMember,
    RequestNotOpen,
)
from consent.models import AccessRequest, ConsentEvent
from consent.selectors import access_requests_for_resident, decide, events_for_resident
from consent.services import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    access_requests_expire,
)
from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO, client_for
from tests.factories import valid_bsn
from vault.exceptions import InvalidBsn

NOBODY_BSN = valid_bsn(11)
URL = "/api/v1/gateway/access-requests/"


def _ask(caseworker, bsn=ALICE_BSN, **kwargs):
    arguments = {"purpose_code": WMO, "categories": ["health", "household"], "reason": "Gesprek."}
    return access_request_create(caseworker=caseworker, bsn=bsn, **{**arguments, **kwargs})


def test_it_answers_the_same_with_or_without_a_vault(clock, alice, bob, purposes):
    api = client_for(bob)
    body = {"purpose": WMO, "categories": ["health"], "reason": "Gesprek.", "bsn": ""}
    answers, queries = [], []
    for bsn in [ALICE_BSN, NOBODY_BSN]:
        with CaptureQueriesContext(connection) as captured:
            answers.append(api.post(URL, {**body, "bsn": bsn}, format="json"))
        queries.append(len(captured))

    with_vault, without = answers
    assert with_vault.status_code == without.status_code == 201
    different = {"id"}
    assert {k: v for k, v in with_vault.json().items() if k not in different} == {
        k: v for k, v in without.json().items() if k not in different
    }
    assert queries[0] == queries[1]
    rows = [model_to_dict(r, exclude=["id", "bsn_hash"]) for r in AccessRequest.objects.all()]
    assert rows[0] == rows[1] and rows[0]["resident"] is None
    assert all(len(r.bsn_hash) == 64 for r in AccessRequest.objects.all())
    assert ALICE_BSN not in str(list(AccessRequest.objects.values()))


def test_it_refuses_requests_outside_the_rules(clock, alice, bob, charlie, erin, dave, purposes):
    with pytest.raises(NotACaseworker):
        _ask(dave)
    for outsider in [charlie, erin]:
        with pytest.raises(NotAMember):
            _ask(outsider)
    with pytest.raises(InvalidCategories):
        _ask(bob, categories=["income"])
    with pytest.raises(InvalidBsn):
        _ask(bob, bsn="123456789")
    assert not AccessRequest.objects.exists()


def test_it_lets_the_resident_approve_fewer_categories(clock, alice, bob, purposes):
    request = _ask(bob)
    clock.advance(hours=2)

    answered = access_request_approve(
        resident=alice, request_id=request.id, categories=["household"]
    )

    grant = answered.grant
    assert (answered.status, answered.resident, answered.answered_at) == (
        RequestStatus.APPROVED,
        alice,
        timezone.now(),
    )
    assert (grant.categories, grant.resident, grant.valid_from) == (
        ["household"],
        alice,
        timezone.now(),
    )
    assert decide(caseworker=bob, resident=alice, purpose_code=WMO, category="household").allowed
    assert not decide(caseworker=bob, resident=alice, purpose_code=WMO, category="health").allowed
    kinds = list(events_for_resident(resident=alice).order_by("id").values_list("kind", flat=True))
    assert kinds == [EventKind.REQUEST_MADE, EventKind.GRANTED, EventKind.REQUEST_APPROVED]


def test_it_lets_the_resident_approve_for_a_shorter_period(clock, alice, bob, purposes):
    request = _ask(bob)
    until = timezone.now() + timedelta(days=7)
    grant = access_request_approve(resident=alice, request_id=request.id, valid_until=until).grant
    assert grant.valid_until == until


def test_it_does_not_approve_more_than_asked(clock, alice, bob, purposes):
    request = _ask(bob, categories=["health"])
    with pytest.raises(InvalidCategories) as raised:
        access_request_approve(resident=alice, request_id=request.id, categories=["identity"])
    assert raised.value.code == "category_not_requested"


def test_it_lets_the_resident_deny_with_a_message(clock, alice, bob, purposes):
    request = _ask(bob)
    answered = access_request_deny(resident=alice, request_id=request.id, message="  Liever niet. ")

    assert (answered.status, answered.response_message) == (RequestStatus.DENIED, "Liever niet.")
    assert answered.grant is None
    with pytest.raises(RequestNotOpen):
        access_request_approve(resident=alice, request_id=request.id)


def test_it_shows_a_request_only_to_the_resident_it_is_for(clock, alice, dave, bob, purposes):
    request = _ask(bob)

    assert list(access_requests_for_resident(resident=alice, at=timezone.now())) == [request]
    assert not access_requests_for_resident(resident=dave, at=timezone.now()).exists()
    for other in [dave, bob]:
        with pytest.raises(AccessRequestNotFound):
            access_request_approve(resident=other, request_id=request.id)


def test_it_expires_unanswered_requests_by_the_clock_and_by_the_job(clock, alice, bob, purposes):
    request = _ask(bob)
    for_nobody = _ask(bob, bsn=NOBODY_BSN)
    assert request.expires_at == timezone.now() + timedelta(days=14)
    clock.move_to(request.expires_at)

    listed = access_requests_for_resident(resident=alice, at=timezone.now()).get()
    assert listed.current_status == RequestStatus.EXPIRED
    with pytest.raises(RequestNotOpen):
        access_request_approve(resident=alice, request_id=request.id)
    assert access_requests_expire(now=timezone.now()) == 2
    assert access_requests_expire(now=timezone.now()) == 0
    for_nobody.refresh_from_db()
    assert for_nobody.status == RequestStatus.EXPIRED
    assert ConsentEvent.objects.filter(kind=EventKind.REQUEST_EXPIRED).count() == 2


def test_it_keeps_requests_open_until_the_last_second(clock, alice, bob, purposes, settings):
    settings.CONSENT_REQUEST_TTL_DAYS = 1
    request = _ask(bob)
    clock.move_to(request.expires_at - timedelta(seconds=1))
    assert access_requests_expire(now=timezone.now()) == 0
    assert access_request_approve(resident=alice, request_id=request.id).status == "approved"


def test_it_lists_a_caseworkers_own_requests_only(clock, alice, bob, purposes, wmo_department):
    from accounts.constants import Role
    from accounts.services import membership_start, user_create

    frank = user_create(username="frank", password="frank-pass", role=Role.CASEWORKER)
    membership_start(user=frank, department=wmo_department)
    _ask(bob)
    _ask(frank)

    listed = client_for(bob).get(URL).json()
    assert listed["count"] == 1
    assert reverse("consent-gateway:access-request-list") == URL
