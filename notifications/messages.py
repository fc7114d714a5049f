"""The words of a notification: who, when, why and under which purpose, never the data itself.

Everything is rendered in the active language from ids, codes and names recorded at
delivery, so the same entry reads in Dutch or English.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import browser_label
from consent.constants import REFUSAL_WORDS
from notifications.constants import Kind
from representation.constants import Action, RelationKind
from vault.constants import Category

TITLES = {
    Kind.ACCESS: gettext_lazy("{who} heeft uw gegevens bekeken"),
    Kind.REFUSED_ACCESS: gettext_lazy("{who} wilde uw gegevens bekijken. Dat mocht niet."),
    Kind.ACCESS_REQUEST: gettext_lazy("{who} vraagt toestemming om uw gegevens te bekijken"),
    Kind.GRANT_EXPIRING: gettext_lazy("Uw toestemming voor {who} stopt binnenkort"),
    Kind.GRANT_EXPIRED: gettext_lazy("Uw toestemming voor {who} is gestopt"),
    Kind.NEW_BROWSER: gettext_lazy("Er is ingelogd op uw account vanuit een nieuwe browser"),
    Kind.OBJECTION: gettext_lazy("Nieuws over uw melding 'Dit klopt niet'"),
    Kind.REPRESENTATION: gettext_lazy("{who} mag nu namens u handelen"),
    Kind.ON_BEHALF: gettext_lazy("{who} heeft iets namens u gedaan"),
    Kind.REVIEW_GRANTS: gettext_lazy("U bent 16 jaar. Kijk uw toestemmingen na."),
    Kind.REPRESENTED_REQUEST: gettext_lazy(
        "Er is een verzoek om toestemming voor iemand namens wie u handelt"
    ),
}
ADVICE = {
    Kind.ACCESS: gettext_lazy(
        "Klopt dit niet? Neem dan contact op met de gemeente. "
        "U kunt uw toestemming altijd intrekken in Datameent."
    ),
    # Why it was refused is the "Uitkomst" line, in the log's words (REFUSAL_WORDS).
    Kind.REFUSED_ACCESS: gettext_lazy(
        "Wij hebben uw gegevens niet laten zien. U hoeft niets te doen."
    ),
    Kind.ACCESS_REQUEST: gettext_lazy(
        "Ga naar Datameent en kies of u toestemming geeft. U beslist dit zelf."
    ),
    Kind.GRANT_EXPIRING: gettext_lazy(
        "Mogen zij uw gegevens daarna nog gebruiken? Geef dan opnieuw toestemming in Datameent."
    ),
    Kind.GRANT_EXPIRED: gettext_lazy(
        "Zij kunnen uw gegevens nu niet meer bekijken. Wilt u dat wel? "
        "Geef dan opnieuw toestemming in Datameent."
    ),
    Kind.NEW_BROWSER: gettext_lazy(
        "Was u dit zelf? Dan hoeft u niets te doen. Was u het niet? Neem dan meteen contact "
        "op met de gemeente. U kunt uw toestemmingen altijd intrekken in Datameent."
    ),
    Kind.OBJECTION: gettext_lazy(
        "Onder 'Wie keek er?' ziet u bij 'Mijn meldingen' hoe het ervoor staat."
    ),
    Kind.REPRESENTATION: gettext_lazy(
        "Klopt dit niet? Maak dan bezwaar op de pagina 'Wie mag namens mij?' in Datameent. "
        "Dan stopt het meteen."
    ),
    Kind.ON_BEHALF: gettext_lazy(
        "U ziet dit ook in uw logboek. Klopt het niet? Kijk dan op 'Wie mag namens mij?'."
    ),
    Kind.REVIEW_GRANTS: gettext_lazy(
        "Vanaf nu beslist u alleen. Uw ouders kunnen niet meer namens u handelen. "
        "De toestemmingen die er zijn, blijven gelden tot u ze intrekt."
    ),
    Kind.REPRESENTED_REQUEST: gettext_lazy(
        "Open het verzoek in Datameent. U ziet dan voor wie het is en waarom. "
        "Bekijk het samen als dat kan: vanaf 12 jaar beslist het kind mee."
    ),
}


@dataclass(frozen=True)
class Message:
    title: str
    lines: list[tuple[str, str]]
    advice: str


def _when(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return ""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _label(choices: type[models.TextChoices], code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _purpose(context: dict[str, Any]) -> str:
    """The purpose's name in the active language, as the caller recorded it."""
    language = translation.get_language() or "nl"
    return str(
        context.get(f"purpose_name_{language[:2]}")
        or context.get("purpose_name_nl")
        or context.get("purpose")
        or ""
    )


def _who_short(context: dict[str, Any]) -> str:
    return (
        context.get("actor_name")
        or context.get("department_name")
        or context.get("organisation_name")
        or _("Een medewerker van de gemeente")
    )


def _who(context: dict[str, Any]) -> str:
    team = ", ".join(
        part for part in (context.get("department_name"), context.get("organisation_name")) if part
    )
    actor = context.get("actor_name") or ""
    if actor and team:
        return f"{actor} ({team})"
    return actor or team or _("Een medewerker van de gemeente")


def _lines(context: dict[str, Any], occurred_at: datetime) -> Iterable[tuple[str, str]]:
    yield _("Wie"), _who(context)
    yield _("Wanneer"), _when(occurred_at)
    if context.get("capacity"):
        yield _("Als"), _label(RelationKind, str(context["capacity"]))
    if context.get("action"):
        yield _("Wat"), _label(Action, str(context["action"]))
    if context.get("reason"):
        yield _("Waarom"), str(context["reason"])
    if _purpose(context):
        yield _("Doel"), _purpose(context)
    if context.get("categories"):
        names = (_label(Category, str(code)) for code in context["categories"])
        yield _("Welke gegevens"), ", ".join(names)
    if context.get("expires_at"):
        yield _("Tot wanneer"), _when(context["expires_at"])
    if context.get("refusal"):
        yield _("Uitkomst"), refusal_outcome(str(context["refusal"]))


def refusal_outcome(code: str) -> str:
    """A refused attempt's outcome, as the access log says it: "Geweigerd: <why>"."""
    words = REFUSAL_WORDS.get(code)
    return _("Geweigerd: %(why)s") % {"why": words} if words else _("Geweigerd")


def _login_lines(context: dict[str, Any], occurred_at: datetime) -> Iterable[tuple[str, str]]:
    """A login is the resident's own event: when, which browser, roughly where. No 'who'."""
    yield _("Wanneer"), _when(occurred_at)
    yield _("Browser"), browser_label(context.get("browser", ""), context.get("system", ""))
    yield _("Netwerk (ongeveer)"), str(context.get("network") or _("onbekend"))


def _objection_lines(context: dict[str, Any], occurred_at: datetime) -> Iterable[tuple[str, str]]:
    """A step of her own objection: when, and where it stands now, in her language."""
    language = (translation.get_language() or "nl")[:2]
    yield _("Wanneer"), _when(occurred_at)
    yield _("Stand"), str(context.get(f"status_{language}") or context.get("status_nl") or "")


def _represented_lines(context: dict[str, Any], occurred_at: datetime) -> Iterable[tuple[str, str]]:
    """A request for someone she acts for: no name, reason or purpose. The e-mail may be
    read by others; the page behind the login says the rest."""
    yield _("Wanneer"), _when(occurred_at)
    if context.get("expires_at"):
        yield _("Tot wanneer"), _when(context["expires_at"])


def message_render(*, kind: str, context: dict[str, Any], occurred_at: datetime) -> Message:
    """The message in the active language."""
    lines = {
        Kind.NEW_BROWSER: _login_lines,
        Kind.OBJECTION: _objection_lines,
        Kind.REPRESENTED_REQUEST: _represented_lines,
    }.get(Kind(kind), _lines)
    return Message(
        title=str(format_lazy(TITLES[Kind(kind)], who=_who_short(context))),
        lines=list(lines(context, occurred_at)),
        advice=str(ADVICE[Kind(kind)]),
    )
