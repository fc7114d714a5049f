"""Consent given, agreed and withdrawn on someone's behalf, and what the decision says."""

from datetime import date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import department_get
from accounts.services import membership_start, user_create
from consent.constants import EventKind, ReasonCode, RequestStatus
from consent.models import ConsentEvent
from consent.selectors import decide
from consent.services import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    grant_agree,
    grant_create,
    grant_revoke,
)
from notifications.constants import Kind
from notifications.models import OutboxMessage
from representation.constants import Action, Party, Reason, RelationKind
from representation.exceptions import NotAllowed
from representation.selectors import acts_for_subject, may
from representation.services import birth_date_set, coming_of_age_notify
from tests.factories import valid_bsn
from vault.constants import Category

pytestmark = pytest.mark.django_db
JEUGD = "jeugdhulp-gezinsplan"
SCHULD = "schuldhulpverlening-intake"
WMO = "wmo-huishoudelijke-hulp"


@pytest.fixture(autouse=True)
def _register(clock, purposes):
    """The purpose register, seeded on the frozen clock."""


@pytest.fixture
def jenny(purposes):
    user = user_create(username="jenny", password="jenny-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=department_get(code="jeugd"))
    return user


@pytest.fixture
def sara(purposes):
    user = user_create(username="sara", password="sara-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=department_get(code="schuldhulp"))
    return user


def _reads(caseworker, child, code=JEUGD, category=Category.YOUTH):
    return decide(caseworker=caseworker, resident=child, purpose_code=code, category=category)


def test_a_grant_for_a_child_of_13_reads_only_once_both_agreed(family, noor, jenny):
    grant = grant_create(
        resident=noor, actor=family, purpose_code=JEUGD, categories=[Category.YOUTH]
    )
    assert (grant.given_by, grant.capacity, grant.awaiting) == (
        family,
        RelationKind.PARENTAL_AUTHORITY,
        Party.CHILD,
    )
    assert _reads(jenny, noor).reason == ReasonCode.AWAITING_AGREEMENT
    # The parent cannot agree a second time in the child's place.
    with pytest.raises(NotAllowed):
        grant_agree(resident=noor, grant_id=grant.id, actor=family)
    grant_agree(resident=noor, grant_id=grant.id)
    assert _reads(jenny, noor).allowed


def test_the_child_alone_cannot_start_a_grant_at_13(family, noor, jenny):
    grant = grant_create(resident=noor, purpose_code=JEUGD, categories=[Category.YOUTH])
    assert grant.awaiting == Party.PARENT
    assert not _reads(jenny, noor).allowed
    grant_agree(resident=noor, grant_id=grant.id, actor=family)
    assert _reads(jenny, noor).allowed


@pytest.mark.parametrize("who", ["child", "parent"])
def test_either_can_withdraw_alone(family, noor, jenny, who):
    grant = grant_create(resident=noor, actor=family, purpose_code=JEUGD, categories=["youth"])
    grant_agree(resident=noor, grant_id=grant.id)
    grant_revoke(resident=noor, grant_id=grant.id, actor=family if who == "parent" else None)
    assert _reads(jenny, noor).reason == ReasonCode.REVOKED


def test_a_parent_acts_alone_for_a_child_under_12_who_cannot_grant_herself(family, sem, jenny):
    with pytest.raises(NotAllowed) as refused:
        grant_create(resident=sem, purpose_code=JEUGD, categories=[Category.YOUTH])
    assert refused.value.code == Reason.TOO_YOUNG
    grant_create(resident=sem, actor=family, purpose_code=JEUGD, categories=[Category.YOUTH])
    assert _reads(jenny, sem).allowed
    # Sem is 9: the act is in his log, but he is not sent a message.
    assert acts_for_subject(subject=sem).count() == 1
    assert not OutboxMessage.objects.filter(resident=sem, kind=Kind.ON_BEHALF).exists()


def test_from_the_16th_birthday_the_parent_can_no_longer_act(family, noor, jenny, clock):
    birth_date_set(resident=noor, born_on=date(2011, 1, 20))
    grant = grant_create(resident=noor, actor=family, purpose_code=JEUGD, categories=["youth"])
    grant_agree(resident=noor, grant_id=grant.id)
    clock.move_to(datetime.fromisoformat("2027-01-19T23:59:59+01:00"))
    assert may(actor=family, action=Action.WITHDRAW, category="youth", subject=noor).allowed
    clock.move_to(datetime.fromisoformat("2027-01-20T00:00:00+01:00"))
    with pytest.raises(NotAllowed) as refused:
        grant_revoke(resident=noor, grant_id=grant.id, actor=family)
    assert refused.value.code == Reason.CHILD_DECIDES
    # The running grant stays.
    assert _reads(jenny, noor).allowed


def test_history_shows_who_acted_for_whom(family, noor):
    grant = grant_create(resident=noor, actor=family, purpose_code=JEUGD, categories=["youth"])
    grant_agree(resident=noor, grant_id=grant.id)
    events = ConsentEvent.objects.filter(grant=grant).order_by("id")
    assert [(e.kind, e.actor, e.capacity) for e in events] == [
        (EventKind.GRANTED, family, RelationKind.PARENTAL_AUTHORITY),
        (EventKind.AGREED, noor, ""),
    ]
    assert OutboxMessage.objects.filter(resident=noor, kind=Kind.ON_BEHALF).count() == 1


def test_a_request_for_a_child_of_13_waits_for_both_and_either_can_deny(family, noor, jenny):
    request = access_request_create(
        caseworker=jenny,
        purpose_code=JEUGD,
        categories=[Category.YOUTH],
        reason="Gezinsplan",
        bsn=valid_bsn(901),
    )
    request = access_request_approve(resident=noor, request_id=request.id, actor=family)
    assert request.status == RequestStatus.OPEN and request.grant.awaiting == Party.CHILD
    assert not _reads(jenny, noor).allowed
    request = access_request_approve(resident=noor, request_id=request.id)
    assert request.status == RequestStatus.APPROVED
    assert _reads(jenny, noor).allowed

    second = access_request_create(
        caseworker=jenny,
        purpose_code=JEUGD,
        categories=["youth"],
        reason="Nog een",
        bsn=valid_bsn(901),
    )
    access_request_approve(resident=noor, request_id=second.id)
    second = access_request_deny(resident=noor, request_id=second.id, actor=family)
    assert second.status == RequestStatus.DENIED
    assert second.grant.revoked_at is not None


def test_a_bewindvoerder_never_grants_health(bewind, dave, fenna, bob, purposes):
    with pytest.raises(NotAllowed) as refused:
        grant_create(
            resident=dave,
            actor=fenna,
            purpose_code=WMO,
            categories=[Category.IDENTITY, Category.HEALTH],
        )
    assert refused.value.code == Reason.CATEGORY_NOT_COVERED
    grant_create(resident=dave, actor=fenna, purpose_code=WMO, categories=[Category.IDENTITY])
    assert decide(caseworker=bob, resident=dave, purpose_code=WMO, category="identity").allowed
    assert not decide(caseworker=bob, resident=dave, purpose_code=WMO, category="health").allowed


def test_a_stranger_cannot_act(clock, purposes, dave, stranger):
    with pytest.raises(NotAllowed) as refused:
        grant_create(resident=dave, actor=stranger, purpose_code=SCHULD, categories=["debts"])
    assert refused.value.code == Reason.NO_RELATION
    assert not ConsentEvent.objects.exists()


def test_the_caseworker_sees_which_answer_is_missing_never_who(family, noor, jenny):
    request = access_request_create(
        caseworker=jenny,
        purpose_code=JEUGD,
        categories=["youth"],
        reason="Plan",
        bsn=valid_bsn(901),
    )
    access_request_approve(resident=noor, request_id=request.id, actor=family)
    client = Client()
    client.force_login(jenny)
    page = client.get(reverse("consent-portal:caseworker-requests")).content.decode()
    assert "het akkoord van het kind ontbreekt nog" in page
    assert "Alice" not in page


def test_a_child_who_turns_16_is_told_once_to_review_her_grants(family, noor, clock):
    birth_date_set(resident=noor, born_on=date(2011, 1, 20))
    assert coming_of_age_notify(now=timezone.now()) == 0
    clock.move_to(datetime.fromisoformat("2027-01-20T00:00:00+01:00"))
    assert coming_of_age_notify(now=timezone.now()) == 1
    coming_of_age_notify(now=timezone.now())
    assert OutboxMessage.objects.filter(resident=noor, kind=Kind.REVIEW_GRANTS).count() == 1
