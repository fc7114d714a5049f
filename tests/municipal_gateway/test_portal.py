"""Portal pages of the gateway: the caseworker's residents, lookup and read; the resident's log."""

import pytest
from django.test import Client

from municipal_gateway.models import AccessLogEntry
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import WMO

HOME = "/medewerker/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [HOME, "/medewerker/inwoner/ref_x/"])
@pytest.mark.parametrize("who", ["alice", "carol"])
def test_it_hides_caseworker_pages_from_others(request, who, url):
    response = _client(request.getfixturevalue(who)).get(url)

    assert response.status_code == 404


def test_it_hides_the_log_page_from_caseworkers(bob):
    assert _client(bob).get("/wie-keek-er/").status_code == 404


def test_it_lists_my_residents_and_purposes(bob, bob_reference, wmo_grant):
    response = _client(bob).get(HOME)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert bob_reference in page
    assert "Wmo maatwerkvoorziening" in page
    assert ALICE_BSN not in page and "Alice" not in page


def test_it_finds_a_resident_and_shows_what_consent_covers(bob, wmo_grant):
    client = _client(bob)

    found = client.post(
        "/medewerker/opzoeken/", {"bsn": ALICE_BSN, "purpose": WMO, "reason": "Aanvraag"}
    )
    read_url = found["Location"]
    page = client.post(read_url, {"purpose": WMO, "category": "", "reason": "Keukentafelgesprek"})

    assert found.status_code == 302 and read_url.startswith("/medewerker/inwoner/ref_")
    assert page.status_code == 200
    assert "Zorgbehoefte" in page.content.decode()
    assert "WW-uitkering" not in page.content.decode()
    entry = AccessLogEntry.objects.get(operation="records.read")
    assert (entry.outcome, entry.stated_reason) == ("allowed", "Keukentafelgesprek")
    assert entry.trace_id and entry.request_id == page["X-Request-ID"]


def test_it_says_the_same_for_no_grant_and_no_vault(charlie, alice, wmo_grant):
    client = _client(charlie)

    pages = [
        client.post(
            "/medewerker/opzoeken/",
            {"bsn": bsn, "purpose": "bijzondere-bijstand", "reason": "Aanvraag"},
            follow=True,
        )
        for bsn in (ALICE_BSN, "100000009")
    ]

    messages = [[str(m) for m in page.context["messages"]] for page in pages]
    assert messages[0] == messages[1] and messages[0]


def test_it_needs_a_reason_and_shows_a_refusal(bob, bob_reference, wmo_grant):
    client = _client(bob)
    url = f"/medewerker/inwoner/{bob_reference}/"

    without_reason = client.post(url, {"purpose": WMO, "category": "health"})
    refused = client.post(url, {"purpose": WMO, "category": "income", "reason": "Controle"})

    assert without_reason.status_code == 200
    assert AccessLogEntry.objects.filter(categories_requested=["health"]).count() == 0
    assert refused.status_code == 403
    assert "De toestemming ging niet over deze gegevens" in refused.content.decode()
    assert AccessLogEntry.objects.get().reason == "category_not_covered"


def test_it_shows_the_resident_her_log_in_plain_words(alice, bob, bob_reference, wmo_grant):
    _client(bob).post(
        f"/medewerker/inwoner/{bob_reference}/", {"purpose": WMO, "reason": "Herindicatie"}
    )

    page = _client(alice).get("/wie-keek-er/")
    refused_only = _client(alice).get("/wie-keek-er/", {"outcome": "refused"})

    assert page.status_code == 200
    assert "bob" in page.content.decode() and "Reden: Herindicatie" in page.content.decode()
    assert "Herindicatie" not in refused_only.content.decode()


WMO_NL = "Wmo maatwerkvoorziening: hulp bij het huishouden"
WMO_EN = "Wmo tailored support: help with household tasks"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_names_the_purpose_in_the_residents_language(language, purposes, alice, append_entry):
    # The entry keeps the Dutch name it was logged with; the register knows both names of
    # that version, and the page, the API and the export use the one of the page's language.
    append_entry(alice, purpose_code=WMO, purpose_version=1, purpose_name=WMO_NL)
    client = _client(alice)
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    expected, other = (WMO_NL, WMO_EN) if language == "nl" else (WMO_EN, WMO_NL)

    page = client.get("/wie-keek-er/", **headers).content.decode()
    api = client.get("/api/v1/me/access-log/", **headers).json()["results"][0]["summary"]
    export = client.get("/api/v1/me/export/", **headers).json()
    exported = export["access_log"]["entries"][0]["summary"]

    for text in (api, exported):
        assert f"'{expected}'" in text.replace("&#x27;", "'")
    # The page's card has the purpose in its "why" row.
    assert f"<dd>{expected}. Reden" in page or f"<dd>{expected}. Reason" in page
    assert all(other not in text for text in (page, api, exported))
