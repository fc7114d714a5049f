from django.db import models

# The two OpenID Connect configurations (settings.DATAMEENT_OIDC).
RESIDENTS = "residents"
STAFF = "staff"

# DigiD's assurance levels as the brokers send them in `acr`, lowest first (Logius, "DigiD
# betrouwbaarheidsniveaus"): Basis, Midden, Substantieel, Hoog.
DIGID_BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
DIGID_MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
DIGID_SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
DIGID_HOOG = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
DIGID_ACR_VALUES = [DIGID_BASIS, DIGID_MIDDEN, DIGID_SUBSTANTIEEL, DIGID_HOOG]
# The levels' own names, as DigiD shows them to residents (not translated).
DIGID_LEVEL_NAMES = {
    DIGID_BASIS: "Basis",
    DIGID_MIDDEN: "Midden",
    DIGID_SUBSTANTIEEL: "Substantieel",
    DIGID_HOOG: "Hoog",
}

# Session keys: how this session was opened, for logout and for the record.
SESSION_PROVIDER = "identity_provider"
SESSION_ACR = "identity_acr"


class Refusal(models.TextChoices):
    """Why a login through a provider was refused; each has its own explanation page."""

    ACR_TOO_LOW = "acr_too_low"
    NO_ROLE = "no_role"
    FAILED = "failed"
