"""Purpose register, grants and their history, through the services."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.selectors import department_get
from consent.constants import EventKind
from consent.exceptions import (
    ConsentError,
    GrantAlreadyRevoked,
    GrantNotFound,
    InvalidCategories,
    InvalidPeriod,
    InvalidPurpose,
    NotAResident,
    PurposeNotFound,
)
from consent.models import ConsentEvent, Grant, Purpose, PurposeVersion
from consent.selectors import current_purposes, events_for_resident
from consent.services import (
    grant_amend,
    grant_create,
    grant_expiries_record,
    grant_revoke,
    purpose_version_create,
    purposes_seed,
)
from tests.consent.conftest import WMO

PURPOSE_FIELDS = {
    "name_nl": "Proef",
    "name_en": "Trial",
    "description_nl": "Een proef.",
    "description_en": "A trial.",
    "legal_domain": "other",
    "categories": ["identity"],
    "max_consent_days": 30,
    "retention_days": 0,
    "dpv_purpose": "dpv:ServiceProvision",
}


def _kinds(resident) -> list[str]:
    return list(
        events_for_resident(resident=resident).order_by("id").values_list("kind", flat=True)
    )


# -- purpose register ---------------------------------------------------------------------


def test_it_seeds_six_purposes_once(wmo_department):
    assert purposes_seed() == 6
    assert purposes_seed() == 0

    assert Purpose.objects.count() == 6 and PurposeVersion.objects.count() == 6
    assert department_get(code="schuldhulp").name == "Team Schuldhulpverlening"
    assert department_get(code="jeugd").organisation.name == "Gemeente Meenthuizen"
    wmo = current_purposes().get(purpose__code=WMO)
    assert (wmo.department, wmo.legal_basis, wmo.version) == (wmo_department, "dpv:Consent", 1)


def test_it_makes_a_new_version_and_keeps_the_old_one(purposes, income_department):
    old = current_purposes().get(purpose__code=WMO)
    fields = {**PURPOSE_FIELDS, "categories": ["income", "identity", "income"]}

    new = purpose_version_create(purpose_code=WMO, department=income_department, **fields)

    old.refresh_from_db()
    assert (new.version, new.categories, new.department) == (
        2,
        ["identity", "income"],
        income_department,
    )
    assert old.name_nl.startswith("Wmo") and old.version == 1
    assert Purpose.objects.get(code=WMO).current_version == new


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"purpose_code": "Met Spaties"}, "invalid_code"),
        ({"name_nl": "  "}, "field_required"),
        ({"legal_domain": "wet"}, "unknown_legal_domain"),
        ({"dpv_purpose": "dpv:Marketing"}, "unknown_dpv_purpose"),
        ({"categories": []}, "categories_required"),
        ({"categories": ["secrets"]}, "unknown_category"),
        ({"max_consent_days": 0}, "invalid_max_consent_days"),
        ({"max_consent_days": 3651}, "invalid_max_consent_days"),
        ({"retention_days": -1}, "invalid_retention_days"),
    ],
)
def test_it_refuses_an_incomplete_purpose(wmo_department, change, code):
    arguments = {"purpose_code": "proef", **PURPOSE_FIELDS, **change}
    with pytest.raises((InvalidPurpose, InvalidCategories)) as raised:
        purpose_version_create(department=wmo_department, **arguments)
    assert raised.value.code == code
    assert not Purpose.objects.exists()


# -- grants --------------------------------------------------------------------------------


def test_it_grants_for_the_current_version_and_department(clock, alice, purposes, wmo_department):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "identity"])

    assert grant.categories == ["identity", "health"]
    assert (grant.department, grant.purpose_version.version) == (wmo_department, 1)
    assert grant.valid_from == timezone.now()
    assert grant.valid_until == datetime.fromisoformat("2027-07-13T10:00:00+02:00")  # 180 days
    assert _kinds(alice) == [EventKind.GRANTED]


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"purpose_code": "onbekend"}, PurposeNotFound, "purpose_not_found"),
        ({"categories": []}, InvalidCategories, "categories_required"),
        ({"categories": ["income"]}, InvalidCategories, "category_not_in_purpose"),
        ({"department_code": "inkomen"}, InvalidPurpose, "purpose_not_for_department"),
        ({"valid_from": "-2m"}, InvalidPeriod, "valid_from_in_past"),
        ({"valid_from": "+400d"}, InvalidPeriod, "valid_from_too_far"),
        ({"valid_until": "+0s"}, InvalidPeriod, "valid_until_too_early"),
        ({"valid_until": "+181d"}, InvalidPeriod, "period_too_long"),
    ],
)
def test_it_refuses_a_grant_outside_the_rules(clock, alice, purposes, kwargs, error, code):
    now = timezone.now()
    offsets = {"-2m": -timedelta(minutes=2), "+400d": timedelta(days=400), "+0s": timedelta(0)}
    offsets["+181d"] = timedelta(days=181)
    arguments = {"purpose_code": WMO, "categories": ["health"]}
    arguments.update(
        {
            k: now + offsets[v] if isinstance(v, str) and v in offsets else v
            for k, v in kwargs.items()
        }
    )

    with pytest.raises(error) as raised:
        grant_create(resident=alice, **arguments)
    assert raised.value.code == code
    assert not Grant.objects.exists() and not ConsentEvent.objects.exists()


def test_it_lets_only_residents_grant(clock, bob, purposes):
    with pytest.raises(NotAResident):
        grant_create(resident=bob, purpose_code=WMO, categories=["health"])


def test_it_takes_a_start_a_moment_ago_as_now(clock, alice, purposes):
    now = timezone.now()
    grant = grant_create(
        resident=alice,
        purpose_code=WMO,
        categories=["health"],
        valid_from=now - timedelta(seconds=30),
    )
    assert grant.valid_from == now


def test_it_revokes_once_and_for_good(clock, alice, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    clock.advance(hours=1)

    revoked = grant_revoke(resident=alice, grant_id=grant.id)

    assert revoked.revoked_at == timezone.now()
    with pytest.raises(GrantAlreadyRevoked):
        grant_revoke(resident=alice, grant_id=grant.id)
    assert _kinds(alice) == [EventKind.GRANTED, EventKind.REVOKED]


def test_it_does_not_let_anyone_else_revoke(clock, alice, dave, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    for other in [dave, bob]:
        with pytest.raises(GrantNotFound):
            grant_revoke(resident=other, grant_id=grant.id)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_it_does_not_revoke_or_amend_an_ended_grant(clock, alice, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    clock.move_to(grant.valid_until)
    with pytest.raises(ConsentError) as raised:
        grant_revoke(resident=alice, grant_id=grant.id)
    assert raised.value.code == "grant_ended"
    with pytest.raises(ConsentError):
        grant_amend(resident=alice, grant_id=grant.id, categories=["health"])


def test_it_amends_by_revoking_and_granting_anew(clock, alice, purposes):
    old = grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    clock.advance(days=2)

    new = grant_amend(resident=alice, grant_id=old.id, categories=["household"])

    old.refresh_from_db()
    assert old.revoked_at == timezone.now() == new.valid_from
    assert (new.amended_from, new.categories, new.valid_until) == (
        old,
        ["household"],
        old.valid_until,
    )
    assert new.purpose_version == old.purpose_version
    assert _kinds(alice) == [EventKind.GRANTED, EventKind.REVOKED, EventKind.AMENDED]


def test_it_keeps_an_amended_future_grant_in_the_future(clock, alice, purposes):
    start = timezone.now() + timedelta(days=3)
    old = grant_create(resident=alice, purpose_code=WMO, categories=["health"], valid_from=start)
    new = grant_amend(
        resident=alice,
        grant_id=old.id,
        categories=["household"],
        valid_until=start + timedelta(days=1),
    )
    assert (new.valid_from, new.valid_until) == (start, start + timedelta(days=1))


def test_it_notes_each_expiry_once(clock, alice, dave, purposes):
    ends = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    revoked = grant_create(resident=dave, purpose_code=WMO, categories=["health"])
    grant_revoke(resident=dave, grant_id=revoked.id)
    later = grant_create(
        resident=dave,
        purpose_code="wmo-begeleiding",
        categories=["health"],
        valid_until=ends.valid_until + timedelta(seconds=1),
    )

    assert grant_expiries_record(now=ends.valid_until - timedelta(seconds=1)) == 0
    assert grant_expiries_record(now=ends.valid_until) == 1
    assert grant_expiries_record(now=ends.valid_until) == 0
    assert grant_expiries_record(now=later.valid_until) == 1
    expired = ConsentEvent.objects.get(grant=ends, kind=EventKind.EXPIRED)
    assert (expired.occurred_at, expired.resident) == (ends.valid_until, alice)
    assert not ConsentEvent.objects.filter(grant=revoked, kind=EventKind.EXPIRED).exists()
