"""A lookup by BSN needs a reason, like a read; a reason is plain text of limited length
(issue 16, item 8)."""

import pytest
from django.test import Client

from municipal_gateway.models import AccessLogEntry
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import WMO, records_url

LOOKUP = "/api/v1/gateway/residents/lookup/"
LONG = "x" * 201


def _lookup(client, **fields):
    return client.post(LOOKUP, {"bsn": ALICE_BSN, "purpose": WMO, **fields}, format="json")


@pytest.mark.parametrize("fields", [{}, {"reason": ""}, {"reason": "   "}, {"case_reference": ""}])
def test_the_api_lookup_needs_a_reason(bob_api, alice, wmo_grant, fields):
    response = _lookup(bob_api, **fields)

    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    "fields,headers",
    [
        ({"reason": "Herindicatie"}, {}),
        ({"case_reference": "2026-0042"}, {}),
        ({}, {"HTTP_X_REASON": "Herindicatie"}),
    ],
)
def test_the_api_lookup_takes_a_reason_or_a_case_reference(
    bob_api, alice, wmo_grant, fields, headers
):
    response = bob_api.post(
        LOOKUP, {"bsn": ALICE_BSN, "purpose": WMO, **fields}, format="json", **headers
    )

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().stated_reason in ("Herindicatie", "zaak 2026-0042")


def test_the_api_lookup_refuses_a_reason_too_long_to_show(bob_api, alice, wmo_grant):
    response = _lookup(bob_api, reason=LONG)

    assert response.status_code == 400
    assert response.json()["code"] == "reason_too_long"
    assert not AccessLogEntry.objects.exists()


def test_a_read_refuses_a_reason_too_long_to_show(bob_api, alice, wmo_grant, bob_reference):
    response = bob_api.get(records_url(bob_reference), {"purpose": WMO, "reason": LONG})
    by_header = bob_api.get(records_url(bob_reference), {"purpose": WMO}, HTTP_X_REASON=LONG)

    assert [response.status_code, by_header.status_code] == [400, 400]
    assert response.json()["code"] == by_header.json()["code"] == "reason_too_long"
    assert not AccessLogEntry.objects.exists()


def test_a_read_with_a_reason_of_the_maximum_length_goes_through(
    bob_api, alice, wmo_grant, bob_reference
):
    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, HTTP_X_REASON="x" * 200)

    assert response.status_code == 200


def _portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_portal_lookup_needs_a_reason(bob, alice, wmo_grant):
    response = _portal(bob).post(
        "/medewerker/opzoeken/", {"bsn": ALICE_BSN, "purpose": WMO}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/medewerker/"
    assert not AccessLogEntry.objects.exists()


def test_the_portal_lookup_keeps_its_reason_in_the_log(bob, alice, wmo_grant):
    response = _portal(bob).post(
        "/medewerker/opzoeken/",
        {"bsn": ALICE_BSN, "purpose": WMO, "reason": "Keukentafelgesprek", "case_reference": "42"},
    )

    assert response.status_code == 302 and response["Location"].startswith("/medewerker/inwoner/")
    entry = AccessLogEntry.objects.get()
    assert (entry.operation, entry.stated_reason) == (
        "residents.lookup",
        "Keukentafelgesprek (zaak 42)",
    )


def test_the_portal_lookup_refuses_a_reason_too_long(bob, alice, wmo_grant):
    _portal(bob).post("/medewerker/opzoeken/", {"bsn": ALICE_BSN, "purpose": WMO, "reason": LONG})

    assert not AccessLogEntry.objects.exists()


def test_the_portal_shows_a_reason_as_plain_text(alice, bob, bob_reference, wmo_grant):
    reason = 'Zie <a href="https://evil.example/login">hier</a> of https://evil.example/x'
    _portal(bob).post(
        f"/medewerker/inwoner/{bob_reference}/", {"purpose": WMO, "reason": reason[:200]}
    )

    page = _portal(alice).get("/wie-keek-er/").content.decode()

    assert "&lt;a href=&quot;https://evil.example/login&quot;&gt;" in page
    assert 'href="https://evil.example' not in page
