"""What the gateway and the reminders read, and the one route to another person's data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consent.selectors import (
    ConsentDecision,
    decide,
    grants_expiring_between,
    purposes_for_caseworker,
    residents_with_current_grant_for_caseworker,
)
from consent.services import grant_create, grant_revoke
from tests.conftest import ALICE_BSN
from tests.consent.conftest import BIJSTAND, WMO
from tests.factories import RecordFactory
from vault.exceptions import ConsentRequired
from vault.selectors import records_for_decision, vault_for_bsn


def _decide(caseworker, resident, category="health", **kwargs):
    return decide(
        caseworker=caseworker, resident=resident, purpose_code=WMO, category=category, **kwargs
    )


@pytest.fixture
def records(alice, dave):
    return {
        "health": RecordFactory(resident=alice, category="health", title="Indicatie"),
        "income": RecordFactory(resident=alice, category="income", title="Loonstrook"),
        "daves": RecordFactory(resident=dave, category="health", title="Van Dave"),
    }


def test_it_opens_only_the_decided_category_of_the_decided_resident(
    clock, alice, bob, purposes, records
):
    grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])

    read = records_for_decision(decision=_decide(bob, alice))

    assert [r.id for r in read] == [records["health"].id]
    assert read[0].title == "Indicatie"
    assert records_for_decision(decision=_decide(bob, alice, category="household")) == []


def test_it_refuses_anything_but_a_live_allowed_decision(clock, alice, bob, charlie, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    allowed = _decide(bob, alice)
    forged = ConsentDecision(**{**allowed.__dict__, "allowed": False})
    refusals = [
        None,
        {"allowed": True},
        _decide(charlie, alice),
        forged,
        # A decision about another moment cannot open today's data.
        _decide(bob, alice, at=grant.created_at),
    ]
    for decision in refusals:
        with pytest.raises(ConsentRequired):
            records_for_decision(decision=decision)
    clock.advance(seconds=61)
    with pytest.raises(ConsentRequired):
        records_for_decision(decision=allowed)


def test_it_refuses_a_decision_made_before_a_revocation(clock, alice, bob, purposes, records):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    grant_revoke(resident=alice, grant_id=grant.id)
    with pytest.raises(ConsentRequired):
        records_for_decision(decision=_decide(bob, alice))


def test_it_finds_a_vault_by_bsn_only_when_active(alice):
    assert vault_for_bsn(bsn=ALICE_BSN).resident == alice
    assert vault_for_bsn(bsn=" 123456782 ") is None
    assert vault_for_bsn(bsn="not-a-bsn") is None


def test_it_lists_the_residents_a_caseworker_may_read_now(
    clock, alice, dave, bob, charlie, erin, purposes
):
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    later = timezone.now() + timedelta(days=1)
    grant_create(resident=dave, purpose_code=WMO, categories=["health"], valid_from=later)
    now = timezone.now()

    def residents(caseworker, at=now):
        found = residents_with_current_grant_for_caseworker(caseworker=caseworker, at=at)
        return {user.username for user in found}

    assert residents(bob) == {"alice"}
    assert residents(bob, at=later) == {"alice", "dave"}
    assert residents(charlie) == residents(erin) == residents(alice) == set()


def test_it_lists_the_purposes_of_a_caseworkers_departments(clock, bob, charlie, erin, purposes):
    def codes(caseworker):
        found = purposes_for_caseworker(caseworker=caseworker, at=timezone.now())
        return {version.purpose.code for version in found}

    assert codes(bob) == {WMO, "wmo-begeleiding"}
    assert codes(charlie) == {BIJSTAND, "re-integratie-traject"}
    assert codes(erin) == set()


def test_it_finds_running_grants_that_end_soon(clock, alice, dave, purposes):
    soon = grant_create(
        resident=alice,
        purpose_code=WMO,
        categories=["health"],
        valid_until=timezone.now() + timedelta(days=3),
    )
    revoked = grant_create(
        resident=dave,
        purpose_code=WMO,
        categories=["health"],
        valid_until=timezone.now() + timedelta(days=3),
    )
    grant_revoke(resident=dave, grant_id=revoked.id)
    grant_create(resident=dave, purpose_code=BIJSTAND, categories=["income"])
    now = timezone.now()

    found = grants_expiring_between(start=now, end=now + timedelta(days=7))
    assert list(found) == [soon]
    assert not grants_expiring_between(start=now, end=soon.valid_until).exists()
