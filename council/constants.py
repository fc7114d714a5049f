from django.utils.translation import gettext_lazy as _

from consent.constants import REFUSAL_WORDS

# The log's refusal reasons the council counts, in the words shown everywhere else (the
# consent history's event kinds below are phrased about "the resident", not "you").
REFUSAL_REASONS = {
    code: REFUSAL_WORDS[code]
    for code in (
        "no_grant",
        "revoked",
        "expired",
        "not_yet_valid",
        "category_not_covered",
        "purpose_not_for_department",
        "not_a_member_of_department",
        "unknown_resident",
    )
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
