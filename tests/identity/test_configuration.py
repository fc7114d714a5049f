"""The providers' configuration from the environment (datameent/settings.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from datameent.settings import _oidc_provider
from identity.conf import ProviderConfig
from identity.constants import DIGID_ACR_VALUES, DIGID_HOOG, DIGID_MIDDEN, DIGID_SUBSTANTIEEL
from tests.test_settings import PRODUCTION

REQUIRED = {
    "DIGID_OIDC_ISSUER": "https://broker.example/",
    "DIGID_OIDC_AUTHORIZATION_ENDPOINT": "https://broker.example/auth",
    "DIGID_OIDC_TOKEN_ENDPOINT": "https://broker.example/token",
    "DIGID_OIDC_JWKS_ENDPOINT": "https://broker.example/jwks",
}


def _residents(**defaults):
    return _oidc_provider(
        "DIGID_OIDC",
        scopes="openid bsn",
        acr_values=DIGID_ACR_VALUES,
        min_acr=DIGID_SUBSTANTIEEL,
        **defaults,
    )


def test_without_a_client_id_there_is_no_provider(monkeypatch):
    monkeypatch.delenv("DIGID_OIDC_CLIENT_ID", raising=False)
    assert _residents() is None


def test_a_provider_comes_from_the_environment_with_its_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DIGID_OIDC_CLIENT_ID", "datameent")
    monkeypatch.delenv("DIGID_OIDC_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("DIGID_OIDC_CLIENT_SECRET_FILE", str(secret))

    values = _residents()

    assert values["client_secret"] == "s3cret"
    assert values["issuer"] == "https://broker.example"
    assert values["min_acr"] == DIGID_SUBSTANTIEEL
    assert values["scopes"] == "openid bsn"


def test_a_minimum_outside_the_list_is_refused(monkeypatch):
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DIGID_OIDC_CLIENT_ID", "datameent")
    monkeypatch.setenv("DIGID_OIDC_MIN_ACR", "urn:made-up")
    with pytest.raises(ImproperlyConfigured):
        _residents()


@pytest.mark.parametrize(
    "acr,sufficient",
    [
        (DIGID_HOOG, True),
        (DIGID_SUBSTANTIEEL, True),
        (DIGID_MIDDEN, False),
        (DIGID_ACR_VALUES[0], False),
        ("urn:unknown", False),
        (None, False),
        (["not", "a", "string"], False),
    ],
)
def test_the_assurance_order(acr, sufficient):
    config = ProviderConfig(
        name="residents",
        issuer="i",
        client_id="c",
        client_secret="s",
        authorization_endpoint="a",
        token_endpoint="t",
        jwks_endpoint="j",
        acr_values=DIGID_ACR_VALUES,
        min_acr=DIGID_SUBSTANTIEEL,
    )
    assert config.acr_sufficient(acr) is sufficient


def test_a_missing_test_provider_is_named_with_its_remedy(monkeypatch, tmp_path):
    """In CI service_checks.missing turns this into a failure (tests/test_service_checks.py),
    so the login tests cannot quietly skip when `npm ci` did not run."""
    from tests import oidc_provider

    monkeypatch.setattr(oidc_provider, "PROVIDER_DIR", tmp_path)
    problem = oidc_provider._problem()
    assert problem is not None and "npm ci" in problem


BROKER = {
    "DIGID_OIDC_CLIENT_ID": "datameent",
    "DIGID_OIDC_CLIENT_SECRET": "s3cret",
    **REQUIRED,
    "DIGID_OIDC_END_SESSION_ENDPOINT": "https://broker.example/logout",
}


def test_production_starts_with_a_broker_and_lets_its_logout_through_the_csp(start):
    result = start(
        {**PRODUCTION, **BROKER, "LOCAL_LOGIN": "false"},
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(["'self'", "https://broker.example"])


def test_local_login_off_without_any_provider_is_refused(start):
    result = start({**PRODUCTION, "LOCAL_LOGIN": "false"})
    assert result.returncode != 0
    assert "LOCAL_LOGIN=false needs" in result.stderr
