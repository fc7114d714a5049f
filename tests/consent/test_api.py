"""The resident endpoints under /api/v1/me/ and the caseworker endpoint for requests."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from consent.models import Grant
from consent.services import access_request_create, grant_create
from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO, client_for

ME = "/api/v1/me"
GATEWAY = "/api/v1/gateway/access-requests/"


@pytest.fixture
def alice_api(alice) -> APIClient:
    return client_for(alice)


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and body["detail"]


def test_it_lists_the_purposes_in_dutch_and_english(clock, alice_api, purposes):
    body = alice_api.get(f"{ME}/purposes/").json()

    assert body["count"] == 6
    wmo = next(p for p in body["results"] if p["code"] == WMO)
    assert wmo["department"] == {"code": "wmo", "name": "Team Wmo"}
    assert {"code": "health", "label": "Gezondheid en zorgbehoefte"} in wmo["categories"]
    assert wmo["description_nl"] and wmo["description_en"]
    assert (wmo["legal_basis"], wmo["dpv_purpose"]) == (
        "dpv:Consent",
        "dpv:RequestedServiceProvision",
    )


def test_it_grants_lists_and_revokes(clock, alice_api, purposes):
    created = alice_api.post(
        f"{ME}/consents/", {"purpose": WMO, "categories": ["health"]}, format="json"
    )
    assert created.status_code == 201, created.content
    grant = created.json()
    assert (grant["status"], grant["department"]["code"], grant["purpose"]["version"]) == (
        "active",
        "wmo",
        1,
    )

    listed = alice_api.get(f"{ME}/consents/").json()
    assert [g["id"] for g in listed["results"]] == [grant["id"]]
    revoked = alice_api.post(f"{ME}/consents/{grant['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    _error(alice_api.post(f"{ME}/consents/{grant['id']}/revoke/"), 409, "already_revoked")
    history = alice_api.get(f"{ME}/consent-history/").json()["results"]
    assert [e["kind"] for e in history] == ["revoked", "granted"]
    assert history[0]["label"] == "Toestemming ingetrokken"


def test_it_amends(clock, alice, alice_api, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    response = alice_api.post(
        f"{ME}/consents/{grant.id}/amend/", {"categories": ["household"]}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["amended_from"] == str(grant.id)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invalid"),
        ({"purpose": WMO, "categories": []}, 400, "invalid"),
        ({"purpose": WMO, "categories": ["geheim"]}, 400, "invalid"),
        ({"purpose": WMO, "categories": "health"}, 400, "invalid"),
        ({"purpose": WMO, "categories": ["income"]}, 400, "category_not_in_purpose"),
        ({"purpose": "onbekend", "categories": ["health"]}, 404, "purpose_not_found"),
        ({"purpose": WMO, "categories": ["health"], "valid_until": "gisteren"}, 400, "invalid"),
        (
            {"purpose": WMO, "categories": ["health"], "valid_until": "2100-12-31T23:59:59Z"},
            400,
            "period_too_long",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "valid_from": "2100-12-31T23:59:59Z"},
            400,
            "valid_from_too_far",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "valid_until": "9999-12-31T23:59:59Z"},
            400,
            "invalid",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "valid_from": "0001-01-01T00:00:00Z"},
            400,
            "valid_from_in_past",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "department": "inkomen"},
            400,
            "purpose_not_for_department",
        ),
    ],
)
def test_it_explains_a_refused_grant(clock, alice_api, purposes, body, status, code):
    _error(alice_api.post(f"{ME}/consents/", body, format="json"), status, code)
    assert not Grant.objects.exists()


def test_it_answers_json_for_a_bad_id(clock, alice_api, purposes):
    _error(alice_api.post(f"{ME}/consents/niet-een-id/revoke/"), 404, "grant_not_found")
    _error(alice_api.get(f"{ME}/consents/niet-een-id/receipt/"), 404, "grant_not_found")
    _error(
        alice_api.post(f"{ME}/access-requests/niet-een-id/approve/", {}, format="json"),
        404,
        "access_request_not_found",
    )


def test_it_hides_one_residents_consent_from_everyone_else(clock, alice, dave, bob, root, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    for other in [dave, bob, root]:
        api = client_for(other)
        assert api.get(f"{ME}/consents/").json()["count"] == 0
        assert api.get(f"{ME}/consent-history/").json()["count"] == 0
        assert api.get(f"{ME}/access-requests/").json()["count"] == 0
        _error(api.get(f"{ME}/consents/{grant.id}/receipt/"), 404, "grant_not_found")
        _error(api.post(f"{ME}/consents/{grant.id}/revoke/"), 404, "grant_not_found")
    assert client_for(bob).get(f"{ME}/purposes/").json()["count"] == 0
    _error(
        client_for(bob).post(
            f"{ME}/consents/", {"purpose": WMO, "categories": ["health"]}, format="json"
        ),
        403,
        "not_a_resident",
    )
    assert APIClient().get(f"{ME}/consents/").status_code == 403


def test_it_downloads_a_receipt(clock, alice, alice_api, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "identity"])

    response = alice_api.get(f"{ME}/consents/{grant.id}/receipt/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="toestemming-{grant.id}.json"'
    receipt = response.json()
    assert receipt["record_id"] == str(grant.id) and receipt["receipt_id"] != str(grant.id)
    assert receipt["schema_version"] == "ISO/IEC TS 27560:2023"
    assert receipt["pii_principal_id"] == f"urn:uuid:{grant.subject.pseudonym}"
    assert "alice" not in response.content.decode().lower()
    assert receipt["pii_controller"]["party_name"] == "Gemeente Meenthuizen"
    assert receipt["consent_status"] == "dpv:ConsentGiven"
    purpose = receipt["pii_processing"]["purposes"][0]
    assert (purpose["purpose_id"], purpose["purpose_version"]) == (WMO, 1)
    assert (purpose["lawful_basis"], purpose["jurisdiction"]) == ("dpv:Consent", "NL")
    assert [i["pii_type"] for i in purpose["pii_information"]] == ["identity", "health"]
    assert purpose["withdrawal_method"].endswith(f"{ME}/consents/{grant.id}/revoke/")
    assert purpose["retention_period"] == "P1825D"
    assert receipt["validity"]["valid_until"] == grant.valid_until.isoformat()
    assert [(e["event_type"], e["state"]) for e in receipt["event"]] == [("granted", "given")]


def test_it_lets_the_resident_answer_requests(clock, alice, alice_api, bob, purposes):
    request = access_request_create(
        caseworker=bob,
        purpose_code=WMO,
        categories=["health", "household"],
        reason="Gesprek.",
        bsn=ALICE_BSN,
    )
    listed = alice_api.get(f"{ME}/access-requests/").json()["results"]
    assert [(r["id"], r["status"], r["caseworker"]) for r in listed] == [
        (str(request.id), "open", "bob")
    ]

    approved = alice_api.post(
        f"{ME}/access-requests/{request.id}/approve/", {"categories": ["health"]}, format="json"
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["grant"]
    _error(
        alice_api.post(f"{ME}/access-requests/{request.id}/deny/", {}, format="json"),
        409,
        "request_not_open",
    )
    mine = client_for(bob).get(GATEWAY).json()["results"]
    assert mine[0]["status"] == "approved"


def test_it_lets_the_resident_deny_with_a_message(clock, alice_api, bob, purposes, alice):
    request = access_request_create(
        caseworker=bob, purpose_code=WMO, categories=["health"], reason="Gesprek.", bsn=ALICE_BSN
    )
    denied = alice_api.post(
        f"{ME}/access-requests/{request.id}/deny/", {"message": "Nee, dank u."}, format="json"
    )
    assert denied.json()["status"] == "denied"
    assert client_for(bob).get(GATEWAY).json()["results"][0]["response_message"] == "Nee, dank u."


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invalid"),
        (
            {"purpose": WMO, "categories": ["health"], "reason": "x", "bsn": "12345"},
            400,
            "invalid_bsn",
        ),
        (
            {"purpose": WMO, "categories": ["income"], "reason": "x", "bsn": ALICE_BSN},
            400,
            "category_not_in_purpose",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "reason": "  ", "bsn": ALICE_BSN},
            400,
            "invalid",
        ),
        (
            {"purpose": WMO, "categories": ["health"], "reason": "x" * 201, "bsn": ALICE_BSN},
            400,
            "reason_too_long",
        ),
        (
            {
                "purpose": "bijzondere-bijstand",
                "categories": ["income"],
                "reason": "x",
                "bsn": ALICE_BSN,
            },
            403,
            "not_a_member_of_department",
        ),
    ],
)
def test_it_explains_a_refused_request(clock, bob, purposes, body, status, code):
    _error(client_for(bob).post(GATEWAY, body, format="json"), status, code)


def test_it_keeps_residents_out_of_the_caseworker_endpoint(clock, alice_api, purposes):
    # The gateway does not exist for her (tests/test_gateway_visibility.py has every URL).
    _error(alice_api.get(GATEWAY), 404, "not_found")
    body = {"purpose": WMO, "categories": ["health"], "reason": "x", "bsn": ALICE_BSN}
    _error(alice_api.post(GATEWAY, body, format="json"), 404, "not_found")


def test_it_never_caches(clock, alice_api, purposes):
    assert "no-cache" in alice_api.get(f"{ME}/consents/")["Cache-Control"]


def test_it_describes_every_endpoint_in_the_schema(root):
    schema = client_for(root).get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/me/purposes/",
        "/api/v1/me/consents/",
        "/api/v1/me/consents/{grant_id}/revoke/",
        "/api/v1/me/consents/{grant_id}/receipt/",
        "/api/v1/me/consent-history/",
        "/api/v1/me/access-requests/",
        "/api/v1/me/access-requests/{request_id}/approve/",
        "/api/v1/me/access-requests/{request_id}/deny/",
        "/api/v1/gateway/access-requests/",
    ]:
        assert path in paths, path


def test_it_shows_an_expired_request_as_expired(clock, alice, alice_api, bob, purposes, settings):
    settings.CONSENT_REQUEST_TTL_DAYS = 1
    access_request_create(
        caseworker=bob, purpose_code=WMO, categories=["health"], reason="Gesprek.", bsn=ALICE_BSN
    )
    clock.move_to(timezone.now() + timedelta(days=1))
    alice_api.force_login(alice)  # a day later her session has ended: she logs in again
    assert alice_api.get(f"{ME}/access-requests/").json()["results"][0]["status"] == "expired"
