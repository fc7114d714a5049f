"""Bad or replayed tokens are refused. Wrong state and wrong nonce go through the whole flow
with the real provider; audience, expiry, issuer and signature are tokens signed with the
provider's own key (or a forger's), handed to the backend's verification. Each test has a
control that passes the same way with the check satisfied, so it fails without the check."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation

from identity.backends import ResidentBackend
from identity.constants import DIGID_SUBSTANTIEEL

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
BSN = "999993653"
LOGIN = {"sub": "r-9", "bsn": BSN, "acr": DIGID_SUBSTANTIEEL}
REFUSED = (SuspiciousOperation, jwt.InvalidTokenError)


def _with(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(params)
    return parts._replace(query=urlencode(query)).geturl()


def test_a_callback_with_a_state_this_session_never_sent_is_refused(oidc, browser_factory):
    browser = browser_factory()
    callback = browser.submit(browser.at_provider(browser.start()), **LOGIN)

    response = browser.callback(_with(callback, state="not-the-state-we-sent"))

    assert response["Location"] == "/inloggen/mislukt/"
    assert SESSION_KEY not in browser.client.session


def test_the_untouched_callback_logs_in_once_and_a_replay_is_refused(oidc, browser_factory):
    browser = browser_factory()
    callback = browser.submit(browser.at_provider(browser.start()), **LOGIN)

    assert browser.callback(callback)["Location"] == "/"
    assert SESSION_KEY in browser.client.session

    thief = browser_factory()
    thief.start()  # a session of its own, with a state of its own
    assert thief.callback(callback)["Location"] == "/inloggen/mislukt/"
    assert SESSION_KEY not in thief.client.session


def test_a_code_issued_for_another_nonce_is_refused(oidc, browser_factory):
    """The code is injected into our flow: same PKCE challenge and state, another nonce.
    Only the nonce check tells it apart."""
    browser = browser_factory()
    authorize = browser.start()
    forged = _with(authorize, nonce="an-attackers-nonce")
    callback = browser.submit(browser.at_provider(forged), **LOGIN)

    response = browser.callback(callback)

    assert response["Location"] == "/inloggen/mislukt/"
    assert SESSION_KEY not in browser.client.session


def test_the_same_injection_with_our_nonce_would_pass(oidc, browser_factory):
    browser = browser_factory()
    authorize = browser.start()
    same = _with(authorize, nonce=parse_qs(urlsplit(authorize).query)["nonce"][0])
    callback = browser.submit(browser.at_provider(same), **LOGIN)

    assert browser.callback(callback)["Location"] == "/"


# -- tokens signed with the provider's key --------------------------------------------------


def _token(oidc, key=None, **overrides) -> str:
    now = int(time.time())
    claims = {
        "iss": oidc.issuer,
        "aud": "datameent-residents",
        "sub": "r-9",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "acr": DIGID_SUBSTANTIEEL,
        "bsn": BSN,
    }
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key or oidc.private_key, algorithm="RS256", headers={"kid": oidc.kid})


def _verify(token: str, nonce: str = "n-1") -> dict:
    return ResidentBackend().verify_token(token, nonce=nonce)


def test_a_well_formed_token_passes(oidc):
    assert _verify(_token(oidc))["sub"] == "r-9"


def test_a_token_for_another_audience_is_refused(oidc):
    with pytest.raises(REFUSED):
        _verify(_token(oidc, aud="another-client"))
    with pytest.raises(REFUSED):
        _verify(_token(oidc, aud=["another-client"]))


def test_an_expired_token_is_refused(oidc):
    past = int(time.time()) - 600
    with pytest.raises(REFUSED):
        _verify(_token(oidc, iat=past - 300, exp=past))


def test_a_token_without_expiry_is_refused(oidc):
    with pytest.raises(REFUSED):
        _verify(_token(oidc, exp=None))


def test_a_token_from_another_issuer_is_refused(oidc):
    with pytest.raises(REFUSED):
        _verify(_token(oidc, iss="https://elsewhere.example"))


def test_a_forged_signature_is_refused(oidc):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(REFUSED):
        _verify(_token(oidc, key=forger))


def test_an_unsigned_token_is_refused(oidc):
    claims = jwt.decode(_token(oidc), options={"verify_signature": False})
    unsigned = jwt.encode(claims, key=None, algorithm="none", headers={"kid": oidc.kid})
    with pytest.raises(REFUSED):
        _verify(unsigned)


def test_a_token_with_another_nonce_is_refused(oidc):
    with pytest.raises(REFUSED):
        _verify(_token(oidc), nonce="n-2")
