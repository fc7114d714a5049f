"""The decision at its edges: the second a grant ends, a start in the future, the change
to and from summer time, purpose versions, and caseworkers outside the department."""

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.selectors import department_get
from consent.constants import ReasonCode
from consent.exceptions import InvalidPeriod
from consent.selectors import current_purposes, decide
from consent.services import grant_amend, grant_create, grant_revoke, purpose_version_create
from tests.consent.conftest import BIJSTAND, WMO
from vault.constants import Category

SECOND = timedelta(seconds=1)


def _decide(caseworker, resident, category="health", purpose=WMO, at=None):
    return decide(
        caseworker=caseworker, resident=resident, purpose_code=purpose, category=category, at=at
    )


def _new_version(
    code: str,
    *,
    categories: list[str] | None = None,
    department: str | None = None,
    max_days: int | None = None,
):
    current = current_purposes().get(purpose__code=code)
    return purpose_version_create(
        purpose_code=code,
        name_nl=current.name_nl,
        name_en=current.name_en,
        description_nl=current.description_nl,
        description_en=current.description_en,
        legal_domain=current.legal_domain,
        department=department_get(code=department) if department else current.department,
        categories=categories or current.categories,
        max_consent_days=max_days or current.max_consent_days,
        retention_days=current.retention_days,
        dpv_purpose=current.dpv_purpose,
    )


def test_it_allows_until_the_last_second_and_not_at_valid_until(clock, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    end = grant.valid_until

    assert _decide(bob, alice, at=end - SECOND).allowed
    assert _decide(bob, alice, at=end - timedelta(microseconds=1)).allowed
    assert _decide(bob, alice, at=end).reason == ReasonCode.EXPIRED
    clock.move_to(end - SECOND)
    assert _decide(bob, alice).allowed
    clock.advance(seconds=1)
    assert _decide(bob, alice).reason == ReasonCode.EXPIRED


def test_it_does_not_allow_before_valid_from(clock, alice, bob, purposes):
    start = datetime.fromisoformat("2027-01-20T09:00:00+01:00")
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"], valid_from=start)

    assert grant.valid_from == start
    assert _decide(bob, alice).reason == ReasonCode.NOT_YET_VALID
    assert _decide(bob, alice, at=start - SECOND).reason == ReasonCode.NOT_YET_VALID
    assert _decide(bob, alice, at=start).allowed
    clock.move_to(start)
    assert _decide(bob, alice).allowed


@pytest.mark.parametrize(
    ("clock", "ends_at", "hours"),
    [
        # Summer time ends on 25 October 2026: this day has 25 hours.
        (datetime.fromisoformat("2026-10-24T12:00:00+02:00"), "2026-10-25T12:00:00+01:00", 25),
        # Summer time starts on 28 March 2027: this day has 23 hours.
        (datetime.fromisoformat("2027-03-27T12:00:00+01:00"), "2027-03-28T12:00:00+02:00", 23),
    ],
    indirect=["clock"],
)
def test_it_counts_calendar_days_across_the_dst_change(clock, alice, bob, purposes, ends_at, hours):
    _new_version(WMO, max_days=1)
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    end = datetime.fromisoformat(ends_at)

    assert grant.valid_until == end
    assert grant.valid_until - grant.valid_from == timedelta(hours=hours)
    assert _decide(bob, alice, at=end - SECOND).allowed
    assert _decide(bob, alice, at=end).reason == ReasonCode.EXPIRED
    with pytest.raises(InvalidPeriod):
        grant_create(
            resident=alice, purpose_code=WMO, categories=["health"], valid_until=end + SECOND
        )


def test_it_names_each_reason(clock, alice, dave, bob, charlie, erin, carol, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    future = grant_create(
        resident=dave,
        purpose_code=WMO,
        categories=["health"],
        valid_from=datetime.fromisoformat("2027-02-01T00:00:00+01:00"),
    )

    assert _decide(bob, alice).reason == ReasonCode.ALLOWED
    assert _decide(bob, alice, category="income").reason == ReasonCode.CATEGORY_NOT_COVERED
    assert _decide(bob, dave).reason == ReasonCode.NOT_YET_VALID
    assert _decide(bob, dave, purpose="wmo-begeleiding").reason == ReasonCode.NO_GRANT
    assert _decide(charlie, alice).reason == ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
    assert _decide(bob, alice, purpose="no-such-purpose").reason == (
        ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
    )
    assert _decide(erin, alice).reason == ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT
    assert _decide(erin, alice, purpose="no-such-purpose").reason == (
        ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT
    )
    assert _decide(carol, alice).reason == ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT
    grant_revoke(resident=dave, grant_id=future.id)
    assert _decide(bob, dave).reason == ReasonCode.REVOKED
    clock.move_to(grant.valid_until)
    assert _decide(bob, alice).reason == ReasonCode.EXPIRED


def test_it_fills_in_the_decision(clock, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])

    decision = _decide(bob, alice)

    assert decision.grant_id == grant.id
    assert (decision.resident_id, decision.caseworker_id) == (alice.pk, bob.pk)
    assert (decision.purpose_code, decision.purpose_version, decision.category) == (
        WMO,
        1,
        "health",
    )
    assert decision.department_id == department_get(code="wmo").pk
    assert decision.live and decision.decided_at == grant.created_at
    assert not _decide(bob, alice, at=grant.created_at).live


def test_it_prefers_the_current_grant_over_an_amended_one(clock, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    clock.advance(minutes=5)
    newer = grant_amend(resident=alice, grant_id=grant.id, categories=["household"])

    assert _decide(bob, alice, category="household").grant_id == newer.id
    assert _decide(bob, alice, category="health").reason == ReasonCode.CATEGORY_NOT_COVERED
    # Looking back, the old grant still covered health five minutes ago.
    assert _decide(bob, alice, category="health", at=grant.created_at).allowed


def test_it_never_widens_a_grant_with_a_new_purpose_version(clock, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    _new_version(WMO, categories=list(Category.values), max_days=365)

    assert grant.purpose_version.version == 1
    assert _decide(bob, alice).allowed
    for category in set(Category.values) - {"health"}:
        assert _decide(bob, alice, category=category).reason == ReasonCode.CATEGORY_NOT_COVERED
    # Nor does it stretch: the end stays what the old version allowed.
    clock.move_to(grant.valid_until)
    assert _decide(bob, alice).reason == ReasonCode.EXPIRED


def test_it_drops_a_grant_when_the_purpose_moves_department(clock, alice, bob, charlie, purposes):
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    _new_version(WMO, department="inkomen")

    assert _decide(bob, alice).reason == ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
    # The grant went to Team Wmo; the new department gets nothing from it.
    assert _decide(charlie, alice).reason == ReasonCode.NO_GRANT


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    purpose=st.sampled_from([WMO, "wmo-begeleiding", BIJSTAND]),
    category=st.sampled_from(Category.values),
    later=st.integers(min_value=0, max_value=200 * 86_400),
)
def test_it_never_allows_other_departments_or_leavers(
    outsiders, everything_granted, purpose, category, later
):
    at = everything_granted + timedelta(seconds=later)
    for caseworker in outsiders[purpose]:
        assert not _decide(caseworker, outsiders["alice"], category, purpose, at=at).allowed


@pytest.fixture
def everything_granted(clock, alice, purposes):
    for code in [WMO, "wmo-begeleiding", BIJSTAND]:
        categories = current_purposes().get(purpose__code=code).categories
        grant_create(resident=alice, purpose_code=code, categories=categories)
    from django.utils import timezone

    return timezone.now()


@pytest.fixture
def outsiders(alice, bob, charlie, erin, wmo_department):
    from accounts.services import membership_end

    # Bob leaves Team Wmo now: from this moment on he is an outsider too.
    membership_end(user=bob, department=wmo_department)
    return {
        "alice": alice,
        WMO: [bob, charlie, erin],
        "wmo-begeleiding": [bob, charlie, erin],
        BIJSTAND: [bob, erin],
    }


def test_it_needs_one_query_when_there_are_grants(
    clock, alice, dave, bob, erin, carol, purposes, django_assert_num_queries
):
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    # On PostgreSQL the first use on a connection also prepares the statements.
    _decide(bob, dave, purpose="onbekend")
    with django_assert_num_queries(1):
        assert _decide(bob, alice).allowed
    with django_assert_num_queries(1):
        assert _decide(erin, alice).reason == ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT
    with django_assert_num_queries(2):
        assert _decide(bob, dave).reason == ReasonCode.NO_GRANT
    with django_assert_num_queries(3):
        assert _decide(bob, dave, purpose="onbekend").reason == (
            ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
        )
    with django_assert_num_queries(0):
        assert _decide(carol, alice).reason == ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT


def test_it_locks_only_inside_a_transaction(clock, alice, bob, purposes):
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    kwargs = {"caseworker": bob, "resident": alice, "purpose_code": WMO, "category": "health"}

    with transaction.atomic():
        assert decide(lock=True, **kwargs).allowed


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_lock_outside_a_transaction(alice, bob):
    with pytest.raises(TransactionManagementError):
        decide(caseworker=bob, resident=alice, purpose_code=WMO, category="health", lock=True)


@pytest.fixture
def mixed_grants(clock, alice, purposes):
    """Alice: Wmo health only, bijstand everything, begeleiding given and taken back."""
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    bijstand = current_purposes().get(purpose__code=BIJSTAND).categories
    grant_create(resident=alice, purpose_code=BIJSTAND, categories=bijstand)
    taken_back = grant_create(resident=alice, purpose_code="wmo-begeleiding", categories=["health"])
    grant_revoke(resident=alice, grant_id=taken_back.id)
    from django.utils import timezone

    return timezone.now()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(
    purpose=st.sampled_from([WMO, "wmo-begeleiding", BIJSTAND, "onbekend-doel"]),
    categories=st.lists(st.sampled_from(Category.values), max_size=len(Category.values)),
    who=st.sampled_from(["bob", "charlie"]),
    later=st.integers(min_value=-86_400, max_value=800 * 86_400),
)
def test_deciding_categories_together_says_what_deciding_each_says(
    request, mixed_grants, alice, bob, charlie, purpose, categories, who, later
):
    from consent.selectors import decide_categories

    caseworker = {"bob": bob, "charlie": charlie}[who]
    at = mixed_grants + timedelta(seconds=later)

    together = decide_categories(
        caseworker=caseworker, resident=alice, purpose_code=purpose, categories=categories, at=at
    )

    # No categories: one decision about none, which says why not (a purpose that names none).
    assert together == [
        _decide(caseworker, alice, category, purpose, at=at) for category in categories or [""]
    ]
