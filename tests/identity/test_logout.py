"""Logout ends the Datameent session and the provider's (RP-initiated logout)."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY

from identity.constants import DIGID_SUBSTANTIEEL

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
LOGIN = {"sub": "r-5", "bsn": "999993653", "acr": DIGID_SUBSTANTIEEL}


def provider_session_alive(browser) -> bool:
    """Whether the provider lets this browser through without asking to log in again."""
    url = browser.start()
    for _ in range(10):
        response = browser.provider.get(url, allow_redirects=False)
        if response.status_code not in (302, 303):
            return False  # its login form
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver/"):
            return True
    raise AssertionError("too many redirects at the provider")


def confirm_logout_at_provider(browser, url: str) -> str:
    """What the browser does on the provider's logout page: press the button."""
    page = browser.provider.get(url)
    assert page.status_code == 200, page.text
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    done = browser.provider.post(
        urljoin(page.url, action), data={**fields, "logout": "yes"}, allow_redirects=False
    )
    assert done.status_code in (302, 303), done.text
    return done.headers["Location"]


def test_logout_ends_both_sessions(oidc, browser_factory):
    browser = browser_factory()
    assert browser.login(**LOGIN)["Location"] == "/"
    assert provider_session_alive(browser)  # control: without logout, the provider lets us in

    response = browser.client.post("/uitloggen/")

    assert SESSION_KEY not in browser.client.session
    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc.issuer}/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query["client_id"] == ["datameent-residents"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]

    assert confirm_logout_at_provider(browser, end_session) == "http://testserver/"
    assert not provider_session_alive(browser)


def test_a_local_logout_stays_local(client, alice):
    client.force_login(alice)
    response = client.post("/uitloggen/")
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
