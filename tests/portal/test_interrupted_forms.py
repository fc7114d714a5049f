"""A form sent after the session ended lands on its page after logging in again, never on a
blank 405 (issue 10; more likely now that a session ends after 15 idle minutes)."""

import pytest
from django.test import Client
from django.utils import timezone

from consent.selectors import current_purposes, grants_for_resident
from consent.services import access_request_create, grant_create, purposes_seed
from tests.conftest import ALICE_BSN
from vault.constants import Category


@pytest.fixture
def wmo_code(bob):
    purposes_seed()
    return next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")


def _send_after_the_session_ended(path: str) -> Client:
    """POSTs as an anonymous visitor (the session has ended), then logs in as alice."""
    client = Client()
    sent = client.post(path)
    assert sent.status_code == 302
    login_url = sent["Location"]
    assert login_url.startswith("/inloggen/?next=")
    logged_in = client.post(
        login_url, {"username": "alice", "password": "alice-demo-pass"}, follow=True
    )
    return logged_in


def test_a_revoke_sent_after_the_session_ended_lands_on_the_consents_page(alice, wmo_code):
    grant = grant_create(
        resident=alice,
        purpose_code=wmo_code,
        categories=[Category.HOUSEHOLD],
        valid_until=timezone.now() + timezone.timedelta(days=30),
    )

    response = _send_after_the_session_ended(f"/toestemmingen/{grant.id}/intrekken/")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/toestemmingen/#g{grant.id}"
    page = response.content.decode()
    assert "Uw keuze is nog niet verwerkt" in page
    # Nothing was done on the resident's behalf: she withdraws with one more click.
    assert grants_for_resident(resident=alice).get().revoked_at is None
    assert "Intrekken" in page


@pytest.mark.parametrize("action", ["goedkeuren", "afwijzen"])
def test_an_answer_sent_after_the_session_ended_lands_on_the_requests_page(
    alice, bob, wmo_code, action
):
    item = access_request_create(
        caseworker=bob,
        bsn=ALICE_BSN,
        purpose_code=wmo_code,
        categories=[Category.HOUSEHOLD],
        reason="Keukentafelgesprek",
    )

    response = _send_after_the_session_ended(f"/verzoeken/{item.id}/{action}/")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/verzoeken/"
    assert "Uw keuze is nog niet verwerkt" in response.content.decode()


def test_an_erasure_sent_after_the_session_ended_lands_on_its_page_and_erases_nothing(alice):
    response = _send_after_the_session_ended("/downloaden-of-wissen/wissen/")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/downloaden-of-wissen/"
    assert "Uw keuze is nog niet verwerkt" in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_a_lookup_sent_after_the_session_ended_lands_on_the_caseworkers_page(bob):
    client = Client()
    client.force_login(bob)

    response = client.get("/medewerker/opzoeken/", follow=True)

    assert response.redirect_chain[-1][0] == "/medewerker/"
    assert "Uw keuze is nog niet verwerkt" in response.content.decode()


def test_logging_out_by_a_link_asks_first_and_a_visitor_is_sent_home(alice):
    client = Client()
    assert client.get("/uitloggen/")["Location"] == "/"
    client.force_login(alice)

    page = client.get("/uitloggen/")

    assert page.status_code == 200
    assert "Wilt u uitloggen?" in page.content.decode()
    assert client.session.get("_auth_user_id")  # still logged in until she clicks
    client.post("/uitloggen/")
    assert not client.session.get("_auth_user_id")
