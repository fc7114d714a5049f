from datetime import timedelta

import pytest
from django.utils import timezone

from consent.selectors import current_purposes, decide
from consent.services import grant_create, purposes_seed
from vault.exceptions import ConsentRequired
from vault.selectors import records_for_decisions
from vault.services import record_create


@pytest.fixture
def wmo_code(bob):
    purposes_seed()
    return next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")


def _grant(resident, code, categories):
    now = timezone.now()
    grant_create(
        resident=resident,
        purpose_code=code,
        categories=categories,
        valid_from=now,
        valid_until=now + timedelta(days=1),
    )


def test_it_reads_the_allowed_categories_of_one_resident_in_one_go(alice, bob, wmo_code):
    _grant(alice, wmo_code, ["household", "health"])
    for category in ("household", "health", "income"):
        record_create(resident=alice, category=category, title=category, content={})
    decisions = [
        decide(caseworker=bob, resident=alice, purpose_code=wmo_code, category=category)
        for category in ("household", "health")
    ]

    records = records_for_decisions(decisions=decisions)

    assert sorted(r.title for r in records) == ["health", "household"]


def test_it_refuses_decisions_about_two_residents(alice, dave, bob, wmo_code):
    _grant(alice, wmo_code, ["household"])
    _grant(dave, wmo_code, ["household"])
    decisions = [
        decide(caseworker=bob, resident=resident, purpose_code=wmo_code, category="household")
        for resident in (alice, dave)
    ]

    with pytest.raises(ConsentRequired):
        records_for_decisions(decisions=decisions)


def test_it_refuses_when_any_decision_is_not_allowed(alice, bob, wmo_code):
    _grant(alice, wmo_code, ["household"])
    decisions = [
        decide(caseworker=bob, resident=alice, purpose_code=wmo_code, category=category)
        for category in ("household", "health")
    ]

    with pytest.raises(ConsentRequired):
        records_for_decisions(decisions=decisions)
