from django.utils.translation import gettext_lazy as _

# The council's own words for the log's reason codes and the consent history's event kinds:
# counted over everyone, so phrased about "the resident", not "you".
REFUSAL_REASONS = {
    "no_grant": _("Er was geen toestemming"),
    "revoked": _("De toestemming was ingetrokken"),
    "expired": _("De toestemming was verlopen"),
    "not_yet_valid": _("De toestemming was nog niet ingegaan"),
    "category_not_covered": _("De toestemming ging niet over deze gegevens"),
    "purpose_not_for_department": _("Het team mocht dit doel niet gebruiken"),
    "not_a_member_of_department": _("De medewerker werkte niet (meer) bij het team"),
    "unknown_resident": _("De inwoner was niet bekend"),
}

CONSENT_EVENTS = {
    "granted": _("Toestemming gegeven"),
    "amended": _("Toestemming gewijzigd"),
    "revoked": _("Toestemming ingetrokken"),
    "expired": _("Toestemming verlopen"),
    "request_made": _("Verzoeken om toestemming"),
    "request_denied": _("Verzoeken afgewezen"),
}

# Where the residents' objections ("Dit klopt niet") stood when the year was counted.
OBJECTION_OUTCOMES = {
    "open": _("In behandeling"),
    "justified": _("Terecht bekeken"),
    "not_justified": _("Niet terecht bekeken"),
    "withdrawn": _("Ingetrokken"),
}

OUTCOMES = {"allowed": _("Bekeken"), "refused": _("Geweigerd")}

# The first year the statistics cover; earlier years hold no data.
FIRST_YEAR = 2020
