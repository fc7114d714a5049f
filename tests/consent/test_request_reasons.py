"""An access request's reason is plain text of limited length (issue 16, item 8)."""

import pytest
from django.test import Client

from consent.models import AccessRequest
from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO, client_for

BODY = {"purpose": WMO, "categories": ["health"], "bsn": ALICE_BSN}
EVIL = 'Klik <a href="https://evil.example/login">hier</a> of https://evil.example/x'


def test_the_api_refuses_a_reason_too_long_to_show(clock, alice, bob, purposes):
    response = client_for(bob).post(
        "/api/v1/gateway/access-requests/", {**BODY, "reason": "x" * 201}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "reason_too_long"
    assert not AccessRequest.objects.exists()


def test_the_api_takes_a_reason_of_the_maximum_length(clock, alice, bob, purposes):
    response = client_for(bob).post(
        "/api/v1/gateway/access-requests/", {**BODY, "reason": "x" * 200}, format="json"
    )

    assert response.status_code == 201


def test_the_portal_form_refuses_a_reason_too_long(clock, alice, bob, purposes):
    client = Client()
    client.force_login(bob)

    response = client.post("/medewerker/toegang-vragen/", {**BODY, "reason": "x" * 201})

    assert response.status_code == 200
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("reason", [EVIL])
def test_the_resident_sees_the_reason_as_plain_text(clock, alice, bob, purposes, reason):
    client_for(bob).post("/api/v1/gateway/access-requests/", {**BODY, "reason": reason})
    client = Client()
    client.force_login(alice)

    page = client.get("/verzoeken/").content.decode()

    assert "&lt;a href=&quot;https://evil.example/login&quot;&gt;" in page
    assert 'href="https://evil.example' not in page
