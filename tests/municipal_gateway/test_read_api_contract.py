"""Schemathesis against the gateway and access-log API, as a caseworker (API token) and as a
resident (session with CSRF): answers match the schema, never a 5xx, and no way past
authorisation. Bounded: a few seconds per operation."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    positive_data_acceptance,
    unsupported_method,
)

from accounts.services import api_token_create
from consent.services import grant_create
from municipal_gateway.services.references import reference_get_or_create
from tests.contract import call_and_validate
from tests.municipal_gateway.conftest import WMO, api_client_for

CSRF_TOKEN = "k" * 32
# "ignored_auth" cannot tell our valid credentials from generated ones here; requests
# without credentials are covered in test_read_api.py. "positive_data_acceptance": the
# records read needs a reason OR a case reference, in a header OR a parameter, which the
# schema cannot express, so a schema-valid request without either rightly gets a 400.
EXCLUDED = [ignored_auth, positive_data_acceptance]
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# Ours only: the gateway's access-requests/ belong to consent and its own tests.
gateway_api = schema.include(path_regex=r"^/api/v1/(gateway/(purposes|residents)|me/access-log)")


@pytest.fixture
def references(wmo_grant, dave, income_department, bob_reference) -> dict[str, str]:
    """Bob's own reference for alice, and one of Team Werk en Inkomen for dave."""
    grant_create(resident=dave, purpose_code="bijzondere-bijstand", categories=["income"])
    foreign = reference_get_or_create(resident=dave, department=income_department)
    return {"own": bob_reference, "foreign": foreign}


def _credentials(case, *, cookies: dict[str, str], headers: dict[str, str]) -> dict[str, str]:
    """Ours replace whatever credentials Schemathesis generated for either scheme."""
    case.cookies = cookies
    if case.headers:
        case.headers.pop("Authorization", None)
    return headers


@pytest.fixture
def as_bob(in_process, bob, references):
    _, token = api_token_create(user=bob, name="schemathesis")
    return lambda case: _credentials(case, cookies={}, headers={"Authorization": f"Token {token}"})


@pytest.fixture
def as_alice(in_process, alice, references):
    cookies = {"sessionid": api_client_for(alice).cookies["sessionid"].value}
    cookies["csrftoken"] = CSRF_TOKEN
    return lambda case: _credentials(case, cookies=cookies, headers={"X-CSRFToken": CSRF_TOKEN})


def _aim(case, references: dict[str, str]) -> str | None:
    """Send about half the cases to a real reference: bob's own, or another department's."""
    reference = (case.path_parameters or {}).get("reference")
    if reference is None:
        return None
    choice = ("own", "foreign", None)[sum(map(ord, str(reference))) % 3]
    if choice:
        case.path_parameters["reference"] = references[choice]
        if case.query and sum(map(ord, str(reference))) % 2:
            case.query["purpose"] = WMO  # reach the allowed read too
    return choice


@gateway_api.parametrize()
@settings(max_examples=15, suppress_health_check=list(HealthCheck), deadline=None)
def test_it_answers_a_caseworker_as_documented(case, as_bob, references):
    aimed = _aim(case, references)

    response = call_and_validate(case, headers=as_bob(case), excluded_checks=EXCLUDED)

    if aimed == "foreign":
        assert response.status_code in (400, 404)  # never another department's data
    if case.path == "/api/v1/me/access-log/" and response.request.method == "GET":
        if response.status_code == 200:
            assert response.json()["results"] == []  # a caseworker has no log of their own


@gateway_api.parametrize()
@settings(max_examples=10, suppress_health_check=list(HealthCheck), deadline=None)
def test_it_keeps_a_resident_out_of_the_gateway(case, as_alice, references):
    _aim(case, references)

    # The gateway does not exist for her: 404 for every method, not a 405 that would say
    # which methods it has.
    excluded = [*EXCLUDED, unsupported_method] if "/gateway/" in case.path else EXCLUDED
    response = call_and_validate(case, headers=as_alice(case), excluded_checks=excluded)

    if case.path.startswith("/api/v1/gateway/"):
        assert response.status_code in (400, 403, 404, 415)
        assert b"records" not in response.content
