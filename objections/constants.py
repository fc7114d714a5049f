from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT_LENGTH = 1000


class StepKind(models.TextChoices):
    """What happened to an objection. Steps are only ever added (append-only)."""

    FILED = "filed", _("Gemeld door de inwoner")
    ASKED = "asked", _("Vraag aan het team")
    ANSWERED = "answered", _("Antwoord van het team")
    JUSTIFIED = "justified", _("Terecht bekeken")
    NOT_JUSTIFIED = "not_justified", _("Niet terecht bekeken")
    WITHDRAWN = "withdrawn", _("Ingetrokken door de inwoner")
    # For the privacy officer only: the response deadline is near. No change of status.
    DEADLINE_WARNED = "deadline_warned", _("Waarschuwing: termijn loopt bijna af")


class Status(models.TextChoices):
    """Where an objection stands, derived from its newest step (never stored apart)."""

    OPEN = "open", _("Ontvangen")
    ASKED = "asked", _("Het team zoekt het uit")
    ANSWERED = "answered", _("Het team heeft geantwoord")
    JUSTIFIED = "justified", _("Afgerond: het bekijken was terecht")
    NOT_JUSTIFIED = "not_justified", _("Afgerond: het bekijken was niet terecht")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


STATUS_OF_STEP = {
    StepKind.FILED: Status.OPEN,
    StepKind.ASKED: Status.ASKED,
    StepKind.ANSWERED: Status.ANSWERED,
    StepKind.JUSTIFIED: Status.JUSTIFIED,
    StepKind.NOT_JUSTIFIED: Status.NOT_JUSTIFIED,
    StepKind.WITHDRAWN: Status.WITHDRAWN,
}
CLOSED = frozenset({Status.JUSTIFIED, Status.NOT_JUSTIFIED, Status.WITHDRAWN})
RULINGS = (StepKind.JUSTIFIED, StepKind.NOT_JUSTIFIED)

# The resident's words for each status: plain Dutch (B1), English through the catalogue.
EXPLANATIONS = {
    Status.OPEN: _(
        "Wij hebben uw melding ontvangen. De functionaris gegevensbescherming gaat het uitzoeken."
    ),
    Status.ASKED: _(
        "De functionaris gegevensbescherming heeft het team gevraagd waarom zij uw gegevens "
        "bekeken of dat probeerden."
    ),
    Status.ANSWERED: _(
        "Het team heeft geantwoord. De functionaris gegevensbescherming beslist nu of het "
        "terecht was."
    ),
    Status.JUSTIFIED: _(
        "De functionaris gegevensbescherming vindt dat het team uw gegevens mocht bekijken."
    ),
    Status.NOT_JUSTIFIED: _(
        "De functionaris gegevensbescherming vindt dat het team uw gegevens niet had mogen "
        "bekijken. De gemeente neemt maatregelen."
    ),
    Status.WITHDRAWN: _("U heeft uw melding ingetrokken. Wij doen er niets meer mee."),
}


class AlertRule(models.TextChoices):
    REFUSED_PER_DAY = "refused_per_day", _("Veel geweigerde pogingen op één dag")
    LOOKUP_WITHOUT_FOLLOW_UP = "lookup_without_follow_up", _("Opgezocht, daarna niets gedaan")
    OUTSIDE_OFFICE_HOURS = "outside_office_hours", _("Gegevens bekeken buiten kantoortijd")
    MANY_RESIDENTS = "many_residents", _("Veel verschillende inwoners in korte tijd")
