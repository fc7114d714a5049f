"""A real OpenID Connect provider (tests/oidc/provider.mjs, npm oidc-provider) on 127.0.0.1.

Started once per test session with its own RSA key, which the tests also hold, so they can
sign tokens as the provider would. Without node or `npm ci` in tests/oidc the tests skip
locally and fail in CI (tests/service_checks.py)."""

import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from identity.constants import DIGID_ACR_VALUES, DIGID_SUBSTANTIEEL
from tests import service_checks
from tests.municipal_gateway.conftest import (  # noqa: F401 (the gateway read's fixtures)
    alice_records,
    bob_reference,
    purposes,
    wmo_grant,
)
from tests.test_privacy import sql_logged  # noqa: F401 (the log capture of the privacy scan)

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"
SECRET = "test-client-secret"


@dataclass
class Provider:
    issuer: str
    private_key: Any
    kid: str

    def settings_for(self, name: str) -> dict[str, Any]:
        residents = name == "residents"
        return {
            "issuer": self.issuer,
            "client_id": f"datameent-{name}",
            "client_secret": SECRET,
            "authorization_endpoint": f"{self.issuer}/auth",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_endpoint": f"{self.issuer}/jwks",
            "userinfo_endpoint": "",
            "end_session_endpoint": f"{self.issuer}/session/end",
            "scopes": "openid bsn" if residents else "openid profile groups",
            "acr_values": DIGID_ACR_VALUES,
            "min_acr": DIGID_SUBSTANTIEEL if residents else "",
        }


def _problem() -> str | None:
    if not shutil.which("node"):
        return "node is not installed (apt-get install nodejs npm)"
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return f"oidc-provider is not installed: run `npm ci` in {PROVIDER_DIR} (.ci/run does)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider_process() -> Iterator[Provider]:
    problem = _problem()
    if problem:
        service_checks.missing(problem)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key))
    jwk.update(kid="test-key", alg="RS256", use="sig")
    clients = [
        {
            "client_id": f"datameent-{name}",
            "client_secret": SECRET,
            "redirect_uris": [f"http://testserver/inloggen/{path}/terug/"],
            "post_logout_redirect_uris": ["http://testserver/"],
        }
        for name, path in (("residents", "digid"), ("staff", "medewerker"))
    ]
    config = {
        "port": port,
        "issuer": issuer,
        "jwks": {"keys": [jwk]},
        "clients": clients,
        "acr_values": DIGID_ACR_VALUES,
    }
    process = subprocess.Popen(
        ["node", str(PROVIDER_DIR / "provider.mjs")],
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening"):
        process.kill()
        pytest.fail(f"the test OpenID provider did not start: {line!r}")
    try:
        yield Provider(issuer=issuer, private_key=key, kid="test-key")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc(settings, oidc_provider_process) -> Provider:
    """Both providers configured in Datameent, pointing at the real test provider."""
    settings.DATAMEENT_OIDC = {
        "residents": oidc_provider_process.settings_for("residents"),
        "staff": oidc_provider_process.settings_for("staff"),
    }
    return oidc_provider_process


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
def browser_factory(client_factory=None):
    from django.test import Client

    return lambda: Browser(Client())
