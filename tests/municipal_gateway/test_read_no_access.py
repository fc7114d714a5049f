"""No access without a grant: for a caseworker and a resident without a grant between them,
every gateway endpoint answers exactly as for a resident who does not exist, and nothing is
ever decrypted."""

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from municipal_gateway.models import ResidentReference
from tests.conftest import ALICE_BSN, DAVE_BSN
from tests.municipal_gateway.conftest import READ_HEADERS, api_client_for, records_url
from vault import crypto
from vault.constants import Category

# A valid BSN (eleven test) that belongs to nobody.
NOBODY_BSN = "100000009"
PURPOSES = ["wmo-huishoudelijke-hulp", "wmo-begeleiding", "bijzondere-bijstand", "onbekend"]
BSNS = {"alice": ALICE_BSN, "dave": DAVE_BSN}
# Alice consents to Team Wmo only; dave to nobody.
PAIRS_WITHOUT_GRANT = [("charlie", "alice"), ("bob", "dave"), ("charlie", "dave")]


@pytest.fixture
def decryptions(monkeypatch) -> list:
    """A spy on the only decryption function: a list that grows with every call."""
    calls: list = []
    real = crypto.decrypt

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(crypto, "decrypt", spy)
    return calls


@pytest.fixture
def world(wmo_grant, dave, bob, charlie, bob_reference):
    from vault.services import record_create

    record_create(resident=dave, category=Category.INCOME, title="Loonstrook", content={"n": 1})
    return {"bob": bob, "charlie": charlie}


def _comparable(response) -> tuple:
    ids = ("traceparent", "X-Request-ID")
    headers = {key: value for key, value in response.headers.items() if key not in ids}
    return response.status_code, response.content, headers


def _lookup(client, bsn: str, purpose: str):
    body = {"bsn": bsn, "purpose": purpose, "reason": "Aanvraag"}
    return client.post("/api/v1/gateway/residents/lookup/", body, format="json")


def _read(client, reference: str, purpose: str, category: str | None):
    params = {"purpose": purpose, **({"category": category} if category else {})}
    return client.get(records_url(reference), params, **READ_HEADERS)


@pytest.mark.parametrize("caseworker,resident", PAIRS_WITHOUT_GRANT)
@given(
    purpose=st.sampled_from(PURPOSES),
    category=st.none() | st.sampled_from(Category.values),
)
@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_it_answers_alike_and_decrypts_nothing(
    world, decryptions, bob_reference, caseworker, resident, purpose, category
):
    client = api_client_for(world[caseworker])
    # Any reference the pair could come by: another department's, for this resident.
    foreign = bob_reference if (caseworker, resident) == ("charlie", "alice") else "ref_nothing"
    with time_machine.travel(timezone.now(), tick=False):  # so Expires is the same too
        _assert_alike(client, resident, foreign, purpose, category)
    listed = client.get("/api/v1/gateway/residents/").json()["results"]
    assert not ResidentReference.objects.filter(
        reference__in=[row["reference"] for row in listed], resident__username=resident
    ).exists()
    assert decryptions == []


def _assert_alike(client, resident: str, foreign: str, purpose: str, category: str | None):
    assert _comparable(_lookup(client, BSNS[resident], purpose)) == _comparable(
        _lookup(client, NOBODY_BSN, purpose)
    )
    assert _comparable(_read(client, foreign, purpose, category)) == _comparable(
        _read(client, "ref_" + "x" * 24, purpose, category)
    )


def test_the_spy_sees_an_allowed_read(world, decryptions, bob_reference):
    # Proves the spy is wired to the path the gateway really uses.
    response = _read(api_client_for(world["bob"]), bob_reference, "wmo-huishoudelijke-hulp", None)

    assert response.status_code == 200
    assert len(decryptions) == 2
