from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationKind(models.TextChoices):
    PARENTAL_AUTHORITY = "parental_authority", _("Ouder met gezag")
    GUARDIANSHIP = "guardianship", _("Voogd")
    CURATELE = "curatele", _("Curator")
    BEWIND = "bewind", _("Beschermingsbewindvoerder")
    MENTORSCHAP = "mentorschap", _("Mentor")
    MACHTIGING = "machtiging", _("Gemachtigde")


# Registered by a registrar on evidence; a machtiging is made by the resident herself.
REGISTERED_KINDS = frozenset(
    {
        RelationKind.PARENTAL_AUTHORITY,
        RelationKind.GUARDIANSHIP,
        RelationKind.CURATELE,
        RelationKind.BEWIND,
        RelationKind.MENTORSCHAP,
    }
)
AUTHORITY_KINDS = frozenset({RelationKind.PARENTAL_AUTHORITY, RelationKind.GUARDIANSHIP})


class RelationState(models.TextChoices):
    PENDING = "pending", _("Wacht op bevestiging")
    ACTIVE = "active", _("Geldig")
    ON_HOLD = "on_hold", _("Gestopt na bezwaar")
    ENDED = "ended", _("Beëindigd")


class Action(models.TextChoices):
    """What a representative does. A withdrawal is apart from a grant: it is never blocked
    by the rules that make a grant need two people."""

    LOG = "log", _("Logboek en berichten bekijken")
    GRANT = "grant", _("Toestemming geven of een verzoek goedkeuren")
    WITHDRAW = "withdraw", _("Toestemming intrekken of een verzoek afwijzen")
    RECORDS = "records", _("Gegevens bekijken en wijzigen")


class ActWhat(models.TextChoices):
    """What a representative's act was, beside its ``Action``, as the subject reads it in
    her log. An act on a grant or request names the purpose's code instead."""

    RECORDS = "records", _("De lijst van gegevens bekijken")
    RECORD = "record", _("Een gegeven bekijken")
    RECORD_VERSIONS = "record_versions", _("De eerdere versies van een gegeven bekijken")
    RECORD_DOCUMENT = "record_document", _("Het document bij een gegeven downloaden")
    RECORD_EDIT = "record_edit", _("Een gegeven wijzigen")
    EXPORT = "export", _("Alle gegevens downloaden")
    INBOX = "inbox", _("De berichten lezen")
    LOG = "log", _("Het logboek bekijken")
    ACCESS_LOG = "access_log", _("Het logboek bekijken via de API")


class Scope(models.TextChoices):
    """What a resident can choose when she makes a machtiging."""

    LOG = "log", _("Mijn logboek en berichten bekijken")
    CONSENT = "consent", _("Verzoeken beantwoorden en toestemming geven of intrekken")
    RECORDS = "records", _("Mijn gegevens bekijken en wijzigen")


SCOPE_ACTIONS = {
    Scope.LOG: {Action.LOG},
    Scope.CONSENT: {Action.GRANT, Action.WITHDRAW},
    Scope.RECORDS: {Action.RECORDS},
}


class Reason(models.TextChoices):
    """Why ``representation.selectors.may`` answered as it did."""

    SELF = "self", _("De inwoner zelf")
    REPRESENTATIVE = "representative", _("Vertegenwoordiger")
    NEEDS_BOTH = "needs_both", _("Toegestaan; het kind en de ouder moeten allebei akkoord zijn")
    TOO_YOUNG = "too_young", _("Onder de 12 jaar beslist de ouder of voogd")
    UNDER_CURATELE = "under_curatele", _("Onder curatele beslist de curator")
    NO_RELATION = "no_relation", _("Geen vertegenwoordiging")
    NOT_CONFIRMED = "not_confirmed", _("De vertegenwoordiging is nog niet bevestigd")
    ON_HOLD = "on_hold", _("De vertegenwoordiging is gestopt na bezwaar")
    NOT_YET_VALID = "not_yet_valid", _("De vertegenwoordiging gaat later in")
    ENDED = "ended", _("De vertegenwoordiging is voorbij")
    CHILD_DECIDES = "child_decides", _("Vanaf 16 jaar beslist het kind zelf")
    ACTION_NOT_COVERED = "action_not_covered", _("Dit valt niet onder de vertegenwoordiging")
    CATEGORY_NOT_COVERED = (
        "category_not_covered",
        _("Deze soort gegevens valt niet onder de vertegenwoordiging"),
    )


class Party(models.TextChoices):
    """Whose agreement a grant for a child of 12 to 15 still waits for."""

    NONE = "", _("Niemand")
    CHILD = "child", _("Het kind")
    PARENT = "parent", _("Een ouder of voogd met gezag")


EVIDENCE_MAX_LENGTH = 120
# Whom the logged-in resident acts for now ("Ik regel dit voor"): a user id in the session.
ACTING_SESSION_KEY = "representation_acting_for"


class Told(models.TextChoices):
    """What the represented person is told of (``representation.signals.subject_told``).
    The values are notifications' message kinds, which the receiver there checks."""

    REGISTERED = "representation", _("Er is iemand ingeschreven die namens u mag handelen")
    ON_BEHALF = "on_behalf", _("Iemand heeft iets namens u gedaan")
    REVIEW_GRANTS = "review_grants", _("U bent 16: kijk uw toestemmingen na")
