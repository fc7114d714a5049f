"""One OpenID Connect provider's configuration, read from settings.DATAMEENT_OIDC."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_endpoint: str
    userinfo_endpoint: str = ""
    end_session_endpoint: str = ""
    scopes: str = "openid"
    sign_algo: str = "RS256"
    bsn_claim: str = "bsn"
    groups_claim: str = "groups"
    # Ordered lowest first; a login needs at least min_acr. Empty: no assurance demanded.
    acr_values: list[str] = field(default_factory=list)
    min_acr: str = ""
    timeout: float = 10.0

    def acr_sufficient(self, acr: Any) -> bool:
        """Whether ``acr`` is at least the minimum. An unknown or missing value is not."""
        if not self.min_acr:
            return True
        if not isinstance(acr, str) or acr not in self.acr_values:
            return False
        return self.acr_values.index(acr) >= self.acr_values.index(self.min_acr)


def provider_config(name: str) -> ProviderConfig | None:
    """The configuration of provider ``name``, or None when it is not configured."""
    values = (getattr(settings, "DATAMEENT_OIDC", {}) or {}).get(name)
    if not values or not values.get("client_id"):
        return None
    return ProviderConfig(name=name, **values)
