from django.db import models
from django.utils.translation import gettext_lazy as _

# The only legal basis a grant can rest on. Purposes on another basis do not belong here.
LEGAL_BASIS = "dpv:Consent"
JURISDICTION = "NL"
ORGANISATION_NAME = "Gemeente Meenthuizen"


class LegalDomain(models.TextChoices):
    WMO_2015 = "wmo_2015", _("Wmo 2015")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    WGS = "wgs", _("Wet gemeentelijke schuldhulpverlening (Wgs)")
    OTHER = "other", _("Anders")


class DpvPurpose(models.TextChoices):
    """Purpose terms of the W3C Data Privacy Vocabulary (https://w3id.org/dpv)."""

    SERVICE_PROVISION = "dpv:ServiceProvision", _("Een dienst verlenen")
    REQUESTED_SERVICE_PROVISION = (
        "dpv:RequestedServiceProvision",
        _("Een dienst verlenen waar u zelf om vraagt"),
    )
    SERVICE_PERSONALISATION = "dpv:ServicePersonalisation", _("Een dienst op maat maken")
    VERIFICATION = "dpv:Verification", _("Gegevens controleren")


# Why an attempt to read a resident's data was refused, in one wording wherever it is shown:
# the resident's log, her inbox and e-mails, the caseworker's page and the API's error, the
# council's tables. Said about the attempt (not "you"), so it reads true to each of them.
# Keys are the consent decision's reason codes and the gateway's own refusals.
REFUSAL_WORDS = {
    "no_grant": _("Er was geen toestemming"),
    "revoked": _("De toestemming was ingetrokken"),
    "expired": _("De toestemming was verlopen"),
    "not_yet_valid": _("De toestemming was nog niet ingegaan"),
    "category_not_covered": _("De toestemming ging niet over deze gegevens"),
    "purpose_not_for_department": _("Het team mocht dit doel niet gebruiken"),
    "not_a_member_of_department": _("De medewerker werkte niet (meer) bij het team"),
    "unknown_resident": _("De inwoner was niet bekend"),
    "invalid_input": _("De vraag bevatte tekens die niet zijn toegestaan"),
    "vault_unavailable": _("De kluis kon toen niet worden geopend"),
    "awaiting_agreement": _("De toestemming wachtte nog op het akkoord van het kind of de ouder"),
}


class ReasonCode(models.TextChoices):
    """Why a decision came out as it did. Precedence: see ``consent.selectors.decide``."""

    ALLOWED = "allowed", _("Toegestaan")
    NOT_A_MEMBER_OF_DEPARTMENT = (
        "not_a_member_of_department",
        REFUSAL_WORDS["not_a_member_of_department"],
    )
    PURPOSE_NOT_FOR_DEPARTMENT = (
        "purpose_not_for_department",
        REFUSAL_WORDS["purpose_not_for_department"],
    )
    NO_GRANT = "no_grant", REFUSAL_WORDS["no_grant"]
    EXPIRED = "expired", REFUSAL_WORDS["expired"]
    REVOKED = "revoked", REFUSAL_WORDS["revoked"]
    NOT_YET_VALID = "not_yet_valid", REFUSAL_WORDS["not_yet_valid"]
    CATEGORY_NOT_COVERED = "category_not_covered", REFUSAL_WORDS["category_not_covered"]
    # A child of 12 to 15 and a parent with authority must both agree (representation.rules).
    AWAITING_AGREEMENT = "awaiting_agreement", REFUSAL_WORDS["awaiting_agreement"]


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Geldig")
    NOT_YET_VALID = "not_yet_valid", _("Gaat later in")
    EXPIRED = "expired", _("Verlopen")
    REVOKED = "revoked", _("Ingetrokken")
    AWAITING_AGREEMENT = "awaiting", _("Wacht op akkoord")


class EventKind(models.TextChoices):
    GRANTED = "granted", _("Toestemming gegeven")
    REVOKED = "revoked", _("Toestemming ingetrokken")
    AMENDED = "amended", _("Toestemming gewijzigd")
    EXPIRED = "expired", _("Toestemming verlopen")
    REQUEST_MADE = "request_made", _("Verzoek ontvangen")
    REQUEST_APPROVED = "request_approved", _("Verzoek goedgekeurd")
    REQUEST_DENIED = "request_denied", _("Verzoek afgewezen")
    REQUEST_EXPIRED = "request_expired", _("Verzoek verlopen")
    AGREED = "agreed", _("Akkoord van de tweede persoon")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Wacht op antwoord")
    APPROVED = "approved", _("Goedgekeurd")
    DENIED = "denied", _("Afgewezen")
    EXPIRED = "expired", _("Verlopen")


# DPV consent states, used in receipts.
DPV_CONSENT_STATUS = {
    GrantStatus.ACTIVE: "dpv:ConsentGiven",
    GrantStatus.NOT_YET_VALID: "dpv:ConsentGiven",
    GrantStatus.EXPIRED: "dpv:ConsentExpired",
    GrantStatus.REVOKED: "dpv:ConsentWithdrawn",
    GrantStatus.AWAITING_AGREEMENT: "dpv:ConsentRequested",
}

# A caseworker's reason (for a request, a read or a lookup): the resident reads it, so short.
MAX_REASON_LENGTH = 200
MAX_MESSAGE_LENGTH = 1000
MAX_CASE_REFERENCE_LENGTH = 100
# How far ahead a grant may start; also keeps date arithmetic far from its limits.
MAX_START_AHEAD_DAYS = 366
