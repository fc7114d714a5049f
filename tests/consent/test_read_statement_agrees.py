"""The gateway's single read statement (PostgreSQL) and consent's own queries (the Python
path, which SQLite uses) give the same decision for every case: consent x time x category
x department. The statement only reads facts; both paths decide with ``consent.rules``."""

import dataclasses
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.exceptions import FactsNotRead
from consent.models import ConsentSubject, Grant, Purpose
from consent.selectors import Facts, ReadFacts, decide_categories
from municipal_gateway.services import statements
from municipal_gateway.services.references import reference_get_or_create
from tests.consent.conftest import BIJSTAND, WMO

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the statement is PostgreSQL's"),
]

HOURS = st.integers(min_value=-48, max_value=48)
GRANT = st.fixed_dictionaries(
    {
        "start": HOURS,
        "length": st.integers(min_value=1, max_value=96),
        "revoked": st.none() | HOURS,
        "categories": st.sets(st.sampled_from(["health", "household", "income"]), min_size=1),
        "awaiting": st.sampled_from(["", "child"]),
        "other_purpose": st.booleans(),
    }
)


def _grant(resident, subject, spec, now):
    purpose = Purpose.objects.select_related("current_version").get(
        code=BIJSTAND if spec["other_purpose"] else WMO
    )
    start = now + timedelta(hours=spec["start"])
    revoked = spec["revoked"]
    return Grant.objects.create(
        resident=resident,
        subject=subject,
        purpose=purpose,
        purpose_version=purpose.current_version,
        department_id=purpose.current_version.department_id,
        categories=sorted(spec["categories"]),
        valid_from=start,
        valid_until=start + timedelta(hours=spec["length"]),
        revoked_at=None if revoked is None else now + timedelta(hours=revoked),
        awaiting=spec["awaiting"],
    )


def _answer(decision):
    return (
        decision.allowed,
        decision.reason,
        decision.grant_id,
        decision.purpose_version,
        decision.department_id,
        decision.category,
        decision.live,
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    grants=st.lists(GRANT, max_size=3),
    purpose_code=st.sampled_from([WMO, BIJSTAND]),
    categories=st.lists(st.sampled_from(["health", "household", "income"]), min_size=1),
)
def test_the_statement_and_the_queries_decide_alike(
    clock, alice, bob, purposes, wmo_department, grants, purpose_code, categories
):
    now = timezone.now()
    subject, _ = ConsentSubject.objects.get_or_create(resident=alice)
    reference = reference_get_or_create(resident=alice, department=wmo_department)
    Grant.objects.filter(resident=alice).delete()
    for spec in grants:
        _grant(alice, subject, spec, now)

    with transaction.atomic():
        found = statements.read(
            reference=reference,
            user_id=bob.pk,
            purpose_code=purpose_code,
            category=None,
            started_at=now,
            at=now,
        )
        asked = {
            "caseworker": bob,
            "resident": alice,
            "purpose_code": purpose_code,
            "categories": categories,
            "lock": True,
            "department_id": wmo_department.pk,
        }
        by_statement = decide_categories(**asked, read=found.facts)
        by_queries = decide_categories(**asked)

    assert [_answer(d) for d in by_statement] == [_answer(d) for d in by_queries]


def _allowing_facts(found, purpose_code):
    """Facts that would allow any category: a grant covering all, running now."""
    now = timezone.now()
    grant = Facts(
        id=uuid.uuid4(),
        department_id=found.facts.purpose.department_id,
        categories=["health", "household", "income"],
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
        in_department=True,
        in_any_department=True,
        version_number=found.facts.purpose.version_number,
    )
    return ReadFacts(
        at=now, user_id=found.facts.user_id, code=purpose_code, purpose=None, grants=[grant]
    )


def test_facts_built_by_hand_or_copied_decide_nothing(alice, bob, purposes, wmo_department):
    """Only facts consent read itself, in its own statement, can lead to a decision: a
    caller cannot hand in a grant of its own making, a copy, or another caller's facts."""
    reference = reference_get_or_create(resident=alice, department=wmo_department)
    asked = {
        "caseworker": bob,
        "resident": alice,
        "purpose_code": WMO,
        "categories": ["health"],
        "lock": True,
        "department_id": wmo_department.pk,
    }
    with transaction.atomic():
        found = statements.read(
            reference=reference,
            user_id=bob.pk,
            purpose_code=WMO,
            category=None,
            started_at=timezone.now(),
            at=timezone.now(),
        )
        assert not decide_categories(**asked, read=found.facts)[0].allowed  # no grant
        forged = [
            _allowing_facts(found, WMO),
            dataclasses.replace(found.facts),
            dataclasses.replace(found.facts, grants=_allowing_facts(found, WMO).grants),
        ]
        for facts in forged:
            with pytest.raises(FactsNotRead):
                decide_categories(**asked, read=facts)
        # Read for bob about Wmo: not facts for another purpose.
        with pytest.raises(FactsNotRead):
            decide_categories(**{**asked, "purpose_code": BIJSTAND}, read=found.facts)
