"""Only consent issues a decision the vault accepts (issue 15).

``ConsentDecision`` is a plain frozen dataclass, so any code can build one that says
``allowed=True``, or copy a real one field by field. The vault must refuse all of those: it
opens data only for the very object ``consent.selectors.decide`` handed out.
"""

import copy
import dataclasses
import pickle

import pytest

from accounts.selectors import department_get
from consent.selectors import (
    ConsentDecision,
    best_decision,
    decide,
    decide_categories,
    decision_is_usable,
)
from consent.services import grant_create
from tests.consent.conftest import WMO
from tests.factories import RecordFactory
from vault.exceptions import ConsentRequired
from vault.models import Record
from vault.selectors import records_for_decision, records_for_decisions


@pytest.fixture
def allowed(clock, alice, bob, purposes):
    RecordFactory(resident=alice, category="health", title="Indicatie")
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    decision = decide(caseworker=bob, resident=alice, purpose_code=WMO, category="health")
    assert decision.allowed
    return decision


def test_the_decision_consent_issued_opens_the_vault(allowed):
    assert [record.title for record in records_for_decision(decision=allowed)] == ["Indicatie"]


def _forgeries(real: ConsentDecision, dave_id: int) -> dict[str, object]:
    return {
        "built by hand": ConsentDecision(
            allowed=True,
            reason="allowed",
            grant_id=real.grant_id,
            resident_id=real.resident_id,
            caseworker_id=real.caseworker_id,
            purpose_code=real.purpose_code,
            purpose_version=real.purpose_version,
            department_id=real.department_id,
            category=real.category,
            decided_at=real.decided_at,
            live=True,
        ),
        "rebuilt from __dict__": ConsentDecision(**real.__dict__),
        "dataclasses.replace": dataclasses.replace(real),
        "another resident": dataclasses.replace(real, resident_id=dave_id),
        "copy.copy": copy.copy(real),
        "pickled and back": pickle.loads(pickle.dumps(real)),
    }


def _changed_in_place(real: ConsentDecision, dave_id: int) -> ConsentDecision:
    # ``frozen`` stops assignment, not object.__setattr__: the real object, now about dave.
    object.__setattr__(real, "resident_id", dave_id)
    return real


FORGERIES = [
    "built by hand",
    "rebuilt from __dict__",
    "dataclasses.replace",
    "another resident",
    "copy.copy",
    "pickled and back",
    "changed in place",
]


@pytest.mark.parametrize("how", FORGERIES)
def test_the_vault_refuses_a_decision_consent_did_not_issue(allowed, dave, how):
    if how == "changed in place":
        forged = _changed_in_place(allowed, dave.pk)
    else:
        forged = _forgeries(allowed, dave.pk)[how]

    with pytest.raises(ConsentRequired):
        records_for_decision(decision=forged)  # type: ignore[arg-type]
    with pytest.raises(ConsentRequired):
        records_for_decisions(decisions=[allowed, forged])  # type: ignore[list-item]
    assert not decision_is_usable(forged)  # type: ignore[arg-type]


def test_a_decision_for_another_department_is_refused_by_consent_itself(allowed, alice, bob):
    """The gateway binds a reference to one department; consent refuses any other."""
    other = department_get(code="inkomen")
    [decision] = decide_categories(
        caseworker=bob,
        resident=alice,
        purpose_code=WMO,
        categories=["health"],
        department_id=other.pk,
    )

    assert not decision.allowed
    assert decision.reason == "purpose_not_for_department"
    assert decision.grant_id is None
    with pytest.raises(ConsentRequired):
        records_for_decision(decision=decision)


def test_the_most_telling_reason_is_ranked_in_consent_only(allowed, alice, bob):
    decisions = decide_categories(
        caseworker=bob, resident=alice, purpose_code=WMO, categories=["income", "health"]
    )

    assert best_decision(decisions) is decisions[1]  # allowed beats category_not_covered


@pytest.mark.parametrize(
    ("who", "reason"), [("alice", "category_not_covered"), ("dave", "no_grant")]
)
def test_no_categories_get_one_decision_that_says_why_not(request, allowed, bob, who, reason):
    # A read of a purpose that names no categories (a version written past the services).
    resident = request.getfixturevalue(who)
    decisions = decide_categories(
        caseworker=bob, resident=resident, purpose_code=WMO, categories=[]
    )

    [decision] = decisions
    assert (decision.allowed, decision.reason, decision.category) == (False, reason, "")
    assert best_decision(decisions) is decision
    assert not decision_is_usable(decision)
    with pytest.raises(ConsentRequired):
        records_for_decision(decision=decision)


@pytest.mark.parametrize("nothing", [None, {}, {"allowed": True}, object()])
def test_the_vault_refuses_what_is_not_a_decision_at_all(allowed, nothing):
    with pytest.raises(ConsentRequired):
        records_for_decision(decision=nothing)


def _rows_of(resident) -> list[dict]:
    """What a caller's own statement could hand the vault: every column it opens with."""
    return [
        {
            "id": record.id,
            "vault_id": record.vault_id,
            "category": record.category,
            "version": record.version,
            "ciphertext": bytes(record.ciphertext),
            "provenance": record.provenance,
            "source_organisation_id": record.source_organisation_id,
            "erase_after": record.erase_after,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
            "resident_id": resident.pk,
            "vault_kek_id": record.vault.kek_id,
            "vault_wrapped_dek": bytes(record.vault.wrapped_dek),
            "organisation_name": None,
        }
        for record in Record.objects.select_related("vault").filter(vault__resident=resident)
    ]


def test_rows_handed_in_open_only_the_decisions_own_vault(allowed, alice, dave):
    """The gateway hands the vault the rows its single statement read. A row of another
    resident's vault, relabelled as hers, must not open with her decision: the vault knows
    itself whose each vault is."""
    RecordFactory(resident=dave, category="health", title="Van dave")
    own = _rows_of(alice)
    assert [r.title for r in records_for_decisions(decisions=[allowed], rows=own)] == ["Indicatie"]
    relabelled = [{**row, "resident_id": alice.pk} for row in _rows_of(dave)]
    assert records_for_decisions(decisions=[allowed], rows=relabelled) == []
    mixed = relabelled + own
    assert [r.title for r in records_for_decisions(decisions=[allowed], rows=mixed)] == [
        "Indicatie"
    ]
