"""Acting for someone through the API: what the portal allows, no more (issue 11).

No widening: a bewindvoerder never sees or grants health data, and a machtiging never
reaches beyond its categories and end date, whatever categories and moments are tried."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consent.models import Grant
from consent.services import access_request_create
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from representation.constants import Scope
from representation.models import RepresentativeAct
from representation.services import machtiging_create
from tests.conftest import DAVE_BSN
from vault.constants import Category, Provenance
from vault.services import record_create

pytestmark = pytest.mark.django_db
API = "/api/v1/represented/"
WMO = "wmo-huishoudelijke-hulp"


@pytest.fixture(autouse=True)
def _register(clock, purposes):
    """The purpose register, seeded on the frozen clock."""


def api(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


@pytest.fixture
def dave_records(dave):
    return {
        category: record_create(
            resident=dave, category=category, title=f"Over {category}", content={}
        )
        for category in Category.values
    }


def test_fenna_lists_whom_she_acts_for_and_what_she_may(bewind, dave, fenna):
    [row] = api(fenna).get(API).json()
    assert row["id"] == dave.pk and row["capacities"] == ["bewind"]
    assert sorted(row["records"]) == ["debts", "identity", "income"]
    assert "health" not in row["grant"] and row["log"] is False


def test_fenna_reads_and_changes_daves_income_but_never_health(bewind, dave, fenna, dave_records):
    client = api(fenna)
    listed = client.get(f"{API}{dave.pk}/records/").json()
    assert listed["count"] == 3
    assert {r["category"] for r in listed["results"]} == {"debts", "identity", "income"}
    health = dave_records[Category.HEALTH]
    assert client.get(f"{API}{dave.pk}/records/{health.id}/").status_code == 404
    refused = client.get(f"{API}{dave.pk}/records/?category=health")
    assert refused.status_code == 403
    assert refused.json() == {
        "code": "not_allowed_for_representative",
        "detail": refused.json()["detail"],
        "reason": "category_not_covered",
    }
    income = dave_records[Category.INCOME]
    changed = client.put(
        f"{API}{dave.pk}/records/{income.id}/",
        {"title": "Loonstrook april", "content": {}},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["provenance"] == Provenance.REPRESENTATIVE
    assert RepresentativeAct.objects.filter(subject=dave, record_version=2).exists()


def test_fenna_cannot_grant_health_nor_approve_it_whole(bewind, dave, fenna, bob):
    client = api(fenna)
    refused = client.post(
        f"{API}{dave.pk}/consents/",
        {"purpose": WMO, "categories": ["identity", "health"]},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["reason"] == "category_not_covered"
    request = access_request_create(
        caseworker=bob,
        purpose_code=WMO,
        categories=["identity", "health"],
        reason="Gesprek",
        bsn=DAVE_BSN,
    )
    url = f"{API}{dave.pk}/access-requests/{request.id}/answer/"
    whole = client.post(url, {"answer": "approve"}, content_type="application/json")
    assert whole.status_code == 403
    narrowed = client.post(
        url, {"answer": "approve", "categories": ["identity"]}, content_type="application/json"
    )
    assert narrowed.status_code == 200, narrowed.json()
    assert Grant.objects.get(resident=dave).categories == ["identity"]


def test_someone_she_does_not_act_for_is_not_found(bewind, dave, fenna, alice):
    client = api(fenna)
    for path in ("records/", "consents/", "access-requests/", "access-log/"):
        response = client.get(f"{API}{alice.pk}/{path}")
        assert response.status_code == 404 and response.json()["code"] == "represented_not_found"
    assert api(alice).get(API).json() == []


def test_the_log_needs_the_log(bewind, dave, fenna, family, sem):
    refused = api(fenna).get(f"{API}{dave.pk}/access-log/")
    assert refused.status_code == 403 and refused.json()["reason"] == "category_not_covered"
    assert api(family).get(f"{API}{sem.pk}/access-log/").status_code == 200
    assert RepresentativeAct.objects.filter(subject=sem, what="access_log").exists()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    chosen=st.sets(st.sampled_from(Category.values), min_size=1),
    tried=st.sampled_from(Category.values),
    days=st.integers(min_value=0, max_value=12),
)
def test_a_machtiging_never_reaches_beyond_its_categories_and_end(
    clock, dave, alice, dave_records, chosen, tried, days
):
    start = timezone.now()
    relation = machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.RECORDS, Scope.CONSENT],
        categories=sorted(chosen),
        valid_until=start + timedelta(days=6),
    )
    before = set(Grant.objects.values_list("id", flat=True))
    try:
        clock.move_to(start + timedelta(days=days))
        client = api(alice)  # a session of her own at that moment
        live = days < 6
        response = client.get(f"{API}{dave.pk}/records/{dave_records[tried].id}/")
        assert response.status_code == (200 if live and tried in chosen else 404)
        listed = client.get(f"{API}{dave.pk}/records/")
        if live:
            assert {r["category"] for r in listed.json()["results"]} == chosen
        else:
            assert listed.status_code == 404
        given = client.post(
            f"{API}{dave.pk}/consents/",
            {"purpose": WMO, "categories": [tried]},
            content_type="application/json",
        )
        if not live or tried not in chosen:
            assert given.status_code in (400, 403, 404)  # 400: not in the purpose
        for grant in Grant.objects.exclude(id__in=before):
            assert set(grant.categories) <= chosen and live
    finally:
        clock.move_to(start)
        relation.state = "ended"
        relation.save(update_fields=["state"])


def test_the_log_comes_in_pages_as_the_residents_own(family, sem, bob):
    for _ in range(51):
        access_log_append(
            resident=sem,
            caseworker=bob,
            department=None,
            purpose_code=WMO,
            purpose_version=1,
            purpose_name="",
            outcome=Outcome.REFUSED,
            reason=Reason.NO_GRANT,
        )
    client = api(family)
    first = client.get(f"{API}{sem.pk}/access-log/").json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["next"]
    second = client.get(f"{API}{sem.pk}/access-log/", {"page": 2}).json()
    assert len(second["results"]) == 1 and second["next"] is None
    past = client.get(f"{API}{sem.pk}/access-log/", {"page": 3})
    assert past.status_code == 404


WHO = "bob van Team Wmo (Gemeente Meenthuizen)"
WHO_EN = "bob from Team Wmo (Gemeente Meenthuizen)"
WHEN = "op 14 januari 2027 om 10:00"
WHEN_EN = "on 14 January 2027 at 10:00"
PURPOSE = "voor het doel 'Wmo maatwerkvoorziening: hulp bij het huishouden'."
PURPOSE_EN = "for the purpose 'Wmo tailored support: help with household tasks'."
# Newest first, as the log shows them: the refused lookup, the lookup, the refusal, the read.
SUMMARIES = {
    ("nl", "own"): [
        f"{WHO} probeerde u {WHEN} op te zoeken, {PURPOSE} Dat mocht niet. "
        "Er was geen toestemming.",
        f"{WHO} heeft u {WHEN} opgezocht, {PURPOSE}",
        f"{WHO} probeerde {WHEN} uw gegevens over Gezondheid en zorgbehoefte te bekijken, "
        f"{PURPOSE} Dat mocht niet. Er was geen toestemming.",
        f"{WHO} heeft {WHEN} uw gegevens over Inkomen bekeken, {PURPOSE} Reden: Herindicatie.",
    ],
    ("nl", "represented"): [
        f"{WHO} probeerde Sem {WHEN} op te zoeken, {PURPOSE} Dat mocht niet. "
        "Er was geen toestemming.",
        f"{WHO} heeft Sem {WHEN} opgezocht, {PURPOSE}",
        f"{WHO} probeerde {WHEN} de gegevens van Sem over Gezondheid en zorgbehoefte te "
        f"bekijken, {PURPOSE} Dat mocht niet. Er was geen toestemming.",
        f"{WHO} heeft {WHEN} de gegevens van Sem over Inkomen bekeken, {PURPOSE} "
        "Reden: Herindicatie.",
    ],
    ("en", "own"): [
        f"{WHO_EN} tried to look you up {WHEN_EN}, {PURPOSE_EN} That was not allowed. "
        "There was no consent.",
        f"{WHO_EN} looked you up {WHEN_EN}, {PURPOSE_EN}",
        f"{WHO_EN} tried to view your data about Health and care needs {WHEN_EN}, "
        f"{PURPOSE_EN} That was not allowed. There was no consent.",
        f"{WHO_EN} viewed your data about Income {WHEN_EN}, {PURPOSE_EN} Reason: Herindicatie.",
    ],
    ("en", "represented"): [
        f"{WHO_EN} tried to look Sem up {WHEN_EN}, {PURPOSE_EN} That was not allowed. "
        "There was no consent.",
        f"{WHO_EN} looked Sem up {WHEN_EN}, {PURPOSE_EN}",
        f"{WHO_EN} tried to view Sem's data about Health and care needs {WHEN_EN}, "
        f"{PURPOSE_EN} That was not allowed. There was no consent.",
        f"{WHO_EN} viewed Sem's data about Income {WHEN_EN}, {PURPOSE_EN} Reason: Herindicatie.",
    ],
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_log_names_the_person_to_whoever_acts_for_her(language, family, sem, sems_log):
    """alice reads Sem's log: "de gegevens van Sem", "Sem opgezocht"; never "uw" or "u",
    which would be alice's own. Sem's own log keeps speaking to him."""
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    acting = api(family).get(f"{API}{sem.pk}/access-log/", **headers).json()["results"]
    own = api(sem).get("/api/v1/me/access-log/", **headers).json()["results"]

    assert [entry["summary"] for entry in acting] == SUMMARIES[language, "represented"]
    assert [entry["summary"] for entry in own] == SUMMARIES[language, "own"]
    words = {word.strip(",.'").lower() for entry in acting for word in entry["summary"].split()}
    assert not words & {"u", "uw", "you", "your"}
