"""mozilla-django-oidc's backend, once per provider: each reads its own configuration.

The library reads its settings through ``get_settings``; the subclasses answer from their
provider's ProviderConfig instead, so two providers live side by side (as Maykin's
mozilla-django-oidc-db does with a database-backed configuration). A backend only acts on
its own provider's callback URL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from identity import services
from identity.conf import ProviderConfig, provider_config
from identity.constants import RESIDENTS, SESSION_ACR, STAFF, Refusal
from vault.selectors import InvalidBsn

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# What can go wrong between the callback and a verified token; each refuses the login.
_REFUSED = (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException, KeyError)


class LocalBackend(ModelBackend):
    """Username and password, as long as LOCAL_LOGIN allows them (off in production when
    a provider is configured)."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        if not settings.LOCAL_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def refuse(request: HttpRequest, refusal: str) -> None:
    """Tell the callback view why; it shows the matching page."""
    request.identity_refusal = refusal  # type: ignore[attr-defined]


class ProviderBackend(OIDCAuthenticationBackend):
    provider = ""
    callback_url_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.config: ProviderConfig | None = provider_config(self.provider)
        self.UserModel = get_user_model()
        if self.config is not None:
            super().__init__(*args, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        # A provider switched off ends the sessions it opened.
        if self.config is None:
            return None
        user: User | None = super().get_user(user_id)
        return user

    def get_settings(self, attr: str, *args: Any) -> Any:  # type: ignore[override]
        return config_setting(self.config, attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if self.config is None or request is None:
            return None
        if request.path != reverse(self.callback_url_name):
            return None
        try:
            user = super().authenticate(request, **kwargs)
        except _REFUSED as exc:
            # The reason names the failed check, never a claim's value.
            logger.warning("%s login refused: %s", self.provider, exc.__class__.__name__)
            user = None
        if user is None and not hasattr(request, "identity_refusal"):
            refuse(request, Refusal.FAILED)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, algorithm, expiry (PyJWT) and nonce; it leaves
        out the audience and issuer, so they are checked here."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        assert self.config is not None
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.config.client_id not in audiences:
            raise SuspiciousOperation("ID token is for another audience")
        if payload.get("iss") != self.config.issuer:
            raise SuspiciousOperation("ID token from another issuer")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without expiry")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims, completed from userinfo when the provider has one. The
        assurance level is only taken from the signed ID token."""
        assert self.config is not None
        claims = dict(payload)
        if self.config.userinfo_endpoint:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        claims["acr"] = payload.get("acr")
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        assert self.config is not None
        if not self.config.acr_sufficient(claims.get("acr")):
            refuse(self.request, Refusal.ACR_TOO_LOW)
            return False
        return True

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            self.request.session[SESSION_ACR] = str(payload.get("acr") or "")
        return user


class ResidentBackend(ProviderBackend):
    """DigiD through a broker: the account is the one whose vault holds the BSN's hash."""

    provider = RESIDENTS
    callback_url_name = "identity:residents-callback"

    def _bsn(self, claims: dict[str, Any]) -> str:
        assert self.config is not None
        value = claims.get(self.config.bsn_claim)
        if not isinstance(value, str) or not value:
            raise SuspiciousOperation("no BSN claim")
        return value

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return super().verify_claims(claims) and bool(self._bsn(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        # Found or created in one step: resident_login does both.
        try:
            return [services.resident_login(bsn=self._bsn(claims))]
        except InvalidBsn:
            raise SuspiciousOperation("BSN claim fails the check") from None

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        return user if user.is_resident and user.is_active else None


class StaffBackend(ProviderBackend):
    """The municipality's provider: role and departments from the groups claim."""

    provider = STAFF
    callback_url_name = "identity:staff-callback"

    def filter_users_by_claims(self, claims: dict[str, Any]) -> list[User]:
        assert self.config is not None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise SuspiciousOperation("no subject")
        groups = claims.get(self.config.groups_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        user = services.staff_login(
            subject=subject,
            groups=[str(group) for group in groups],
            username=str(claims.get("preferred_username") or ""),
            first_name=str(claims.get("given_name") or claims.get("name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            email=str(claims.get("email") or ""),
        )
        if user is None:
            refuse(self.request, Refusal.NO_ROLE)
            raise SuspiciousOperation("groups claim maps to no role")
        return [user]

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user


# The library's setting names, answered from a provider's configuration.
_CONFIG_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_endpoint",
    "OIDC_RP_CLIENT_ID": "client_id",
    "OIDC_RP_CLIENT_SECRET": "client_secret",
    "OIDC_RP_SIGN_ALGO": "sign_algo",
    "OIDC_RP_SCOPES": "scopes",
    "OIDC_TIMEOUT": "timeout",
}


def config_setting(config: ProviderConfig | None, attr: str, *args: Any) -> Any:
    if config is not None and attr in _CONFIG_SETTINGS:
        return getattr(config, _CONFIG_SETTINGS[attr])
    fixed = {
        "OIDC_USE_PKCE": True,
        "OIDC_USE_NONCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        # The ID token carries the BSN: it is never kept in the session.
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_VERIFY_SSL": True,
    }
    if attr in fixed:
        return fixed[attr]
    if attr == "OIDC_AUTH_REQUEST_EXTRA_PARAMS":
        # Asks the broker for the minimum level; the callback still checks what came back.
        return {"acr_values": config.min_acr} if config is not None and config.min_acr else {}
    if config is not None and attr == "OIDC_AUTHENTICATION_CALLBACK_URL":
        return f"identity:{config.name}-callback"
    return import_from_settings(attr, *args)
