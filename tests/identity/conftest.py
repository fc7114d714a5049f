"""Fixtures of the login tests: the real provider (tests/oidc_provider.py), and a browser
made of Django's test client and a requests session for the provider."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.municipal_gateway.conftest import (  # noqa: F401 (the gateway read's fixtures)
    alice_records,
    bob_reference,
    wmo_grant,
)
from tests.oidc_provider import oidc, oidc_provider_process  # noqa: F401
from tests.test_privacy import sql_logged  # noqa: F401 (the log capture of the privacy scan)
from tests.test_settings import start  # noqa: F401 (settings in a fresh process)


class Browser:
    """A person's browser: Django's test client for Datameent, requests for the provider
    (each keeps its own cookies, as a browser does per site)."""

    def __init__(self, client) -> None:
        self.client = client
        self.provider = requests.Session()

    def start(self, path: str = "/inloggen/digid/") -> str:
        response = self.client.get(path)
        assert response.status_code == 302, response
        return response["Location"]

    def at_provider(self, authorize_url: str) -> str:
        """Follows the provider's redirects up to its login form; returns the form's URL."""
        response = self.provider.get(authorize_url, allow_redirects=True)
        assert response.status_code == 200, response.text
        action = re.search(r'action="([^"]+)"', response.text)
        assert action, response.text
        return urljoin(response.url, action.group(1))

    def submit(self, form_url: str, **fields: str) -> str:
        """Logs in at the provider; returns the callback URL it sends the browser to."""
        response = self.provider.post(form_url, data=fields, allow_redirects=False)
        while response.status_code in (302, 303) and not _is_datameent(
            response.headers["Location"]
        ):
            response = self.provider.get(
                urljoin(response.url, response.headers["Location"]), allow_redirects=False
            )
        assert response.status_code in (302, 303), response.text
        return response.headers["Location"]

    def callback(self, url: str):
        parts = urlsplit(url)
        return self.client.get(f"{parts.path}?{parts.query}")

    def login(self, path: str = "/inloggen/digid/", **fields: str):
        """The whole flow; returns Datameent's answer to the callback."""
        return self.callback(self.submit(self.at_provider(self.start(path)), **fields))


def _is_datameent(location: str) -> bool:
    return location.startswith("http://testserver/")


@pytest.fixture
def browser_factory():
    from django.test import Client

    return lambda: Browser(Client())
