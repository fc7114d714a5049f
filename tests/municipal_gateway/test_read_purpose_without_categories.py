"""A purpose whose current version names no categories. The register's services refuse to
make one (tests/consent/test_services.py), but a row written past them (an import, a data
migration, SQL by hand) must still give a logged refusal, never a 500."""

import pytest
from django.db import connection

from consent.models import PurposeVersion
from consent.selectors import current_purposes
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services import reads
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url


@pytest.fixture
def empty_wmo(wmo_grant) -> PurposeVersion:
    """Version 2 of the Wmo purpose, with no categories; alice's grant is for version 1."""
    from consent.services import purpose_version_create

    current = current_purposes().get(purpose__code=WMO)
    fields = ["name_nl", "name_en", "description_nl", "description_en", "legal_domain"]
    fields += ["department", "categories", "max_consent_days", "retention_days", "dpv_purpose"]
    version = purpose_version_create(
        purpose_code=WMO, **{name: getattr(current, name) for name in fields}
    )
    PurposeVersion.objects.filter(pk=version.pk).update(categories=[])
    return version


@pytest.fixture
def in_one(monkeypatch) -> list[bool]:
    """Whether each read went the one-statement way (PostgreSQL, the chain exists)."""
    taken: list[bool] = []
    real = reads._read_in_one

    def spy(*args, **kwargs):
        found = real(*args, **kwargs)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(reads, "_read_in_one", spy)
    return taken


@pytest.mark.parametrize("chain", [True, False], ids=["chain", "no-chain"])
def test_a_read_without_category_is_refused_and_logged(
    bob_api, alice, bob_reference, empty_wmo, in_one, chain
):
    if chain:  # a category the grant covers: allowed, and it makes alice's chain
        query = {"purpose": WMO, "category": "health"}
        first = bob_api.get(records_url(bob_reference), query, **READ_HEADERS)
        assert first.status_code == 200, first.content
    logged = AccessLogEntry.objects.count()

    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "category_not_covered"
    assert response.json()["detail"] == "De toestemming ging niet over deze gegevens"
    assert b"Zorgbehoefte" not in response.content
    assert in_one[-1] is (chain and connection.vendor == "postgresql")
    assert AccessLogEntry.objects.count() == logged + 1
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.outcome, entry.reason) == ("refused", "category_not_covered")
    assert (entry.purpose_code, entry.purpose_version) == (WMO, empty_wmo.version)
    assert (entry.categories_requested, entry.categories_returned, entry.record_ids) == ([], [], [])


@pytest.mark.parametrize("chain", [True, False], ids=["chain", "no-chain"])
def test_a_resident_without_a_grant_is_refused_for_want_of_one(
    bob_api, dave, wmo_department, empty_wmo, in_one, chain, append_entry
):
    from municipal_gateway.services.references import reference_get_or_create

    reference = reference_get_or_create(resident=dave, department=wmo_department)
    if chain:
        append_entry(dave, outcome="refused", reason="no_grant", record_ids=[])

    response = bob_api.get(records_url(reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 403, response.content
    assert response.json()["code"] == "no_grant"
    assert in_one[-1] is (chain and connection.vendor == "postgresql")
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.outcome, entry.reason, entry.purpose_version) == ("refused", "no_grant", 2)


def test_a_lookup_still_finds_a_resident_whose_grant_runs(bob_api, alice, empty_wmo):
    from tests.conftest import ALICE_BSN

    body = {"bsn": ALICE_BSN, "purpose": WMO, "reason": "Aanvraag"}
    response = bob_api.post("/api/v1/gateway/residents/lookup/", body, format="json")

    # A lookup shows no data: a running grant for the purpose is enough, as it always was.
    assert response.status_code == 200, response.content
    entry = AccessLogEntry.objects.get()
    assert (entry.operation, entry.reason, entry.purpose_version) == (
        "residents.lookup",
        "allowed",
        2,
    )
