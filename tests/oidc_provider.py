"""A real OpenID Connect provider (tests/oidc/provider.mjs, npm oidc-provider) on 127.0.0.1.

Started once per test session with its own RSA key, which the tests also hold, so they can
sign tokens as the provider would. Without node or `npm ci` in tests/oidc the tests skip
locally and fail in CI (tests/service_checks.py). Fixtures for tests/identity and tests/e2e.
"""

import copy
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from identity.constants import DIGID_ACR_VALUES, DIGID_SUBSTANTIEEL
from tests import service_checks

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
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
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider_process.issuer)
    settings.CONTENT_SECURITY_POLICY = policy
    settings.DATAMEENT_OIDC = {
        "residents": oidc_provider_process.settings_for("residents"),
        "staff": oidc_provider_process.settings_for("staff"),
    }
    return oidc_provider_process
