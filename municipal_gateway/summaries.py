"""Log entries in words for the resident (B1 Dutch; English through gettext): a short card
with labelled rows for the portal (``entry_cards``), one sentence for the API and the export
(``entry_summary``). Both say a refusal in ``consent.constants.REFUSAL_WORDS``; neither
shows a purpose code, a version number or a category key."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from consent.selectors import purpose_version_names
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from notifications.selectors import refusal_outcome
from vault.constants import Category


def _label(code: str) -> str:
    return str(Category(code).label) if code in Category.values else gettext("andere gegevens")


def _listed(codes: Sequence[str]) -> str:
    labels = [_label(code) for code in codes]
    if len(labels) > 1:
        joined = ", ".join(labels[:-1])
        labels = [gettext("%(first)s en %(last)s") % {"first": joined, "last": labels[-1]}]
    return labels[0] if labels else ""


def _data(codes: Sequence[str], whose: str | None) -> str:
    if whose is None:
        data = gettext("uw gegevens over %(categories)s") if codes else gettext("uw gegevens")
    elif codes:
        data = gettext("de gegevens van %(name)s over %(categories)s")
    else:
        data = gettext("de gegevens van %(name)s")
    return data % {"categories": _listed(codes), "name": whose}


def _who(entry: AccessLogEntry) -> str:
    values = {
        "name": entry.caseworker_name or gettext("Een medewerker"),
        "department": entry.department_name,
        "organisation": entry.organisation_name,
    }
    if entry.department_name and entry.organisation_name:
        return gettext("%(name)s van %(department)s (%(organisation)s)") % values
    if entry.department_name:
        return gettext("%(name)s van %(department)s") % values
    return values["name"]


def _looked_up(allowed: bool, whose: str | None) -> str:
    if whose is None:
        if allowed:
            return gettext("%(who)s heeft u op %(date)s om %(time)s opgezocht")
        return gettext("%(who)s probeerde u op %(date)s om %(time)s op te zoeken")
    if allowed:
        return gettext("%(who)s heeft %(name)s op %(date)s om %(time)s opgezocht")
    return gettext("%(who)s probeerde %(name)s op %(date)s om %(time)s op te zoeken")


def _what(entry: AccessLogEntry, whose: str | None) -> str:
    allowed = entry.outcome == Outcome.ALLOWED
    if entry.operation == Operation.RESIDENT_LOOKUP:
        return _looked_up(allowed, whose)
    if allowed:
        return gettext("%(who)s heeft op %(date)s om %(time)s %(data)s bekeken")
    return gettext("%(who)s probeerde op %(date)s om %(time)s %(data)s te bekijken")


def _because(reason: str) -> str:
    if reason in Reason.values:
        return str(Reason(reason).label)
    return gettext("Het was niet toegestaan")


def _purpose(entry: AccessLogEntry, names: Mapping[tuple[str, int], str]) -> str:
    """The purpose's name; never its code (a code outside the register has no name)."""
    key = (entry.purpose_code, entry.purpose_version or 0)
    return names.get(key) or entry.purpose_name


def entry_summary(
    entry: AccessLogEntry,
    purpose_names: Mapping[tuple[str, int], str] | None = None,
    *,
    whose: str | None = None,
) -> str:
    """E.g. "Bob Bakker van Team Wmo (Gemeente Meenthuizen) heeft op 3 maart 2026 om 14:02
    uw gegevens over Inkomen bekeken, voor het doel 'Bijzondere bijstand'. Reden: ...".

    ``purpose_names`` (``summaries_for`` builds it) gives the purpose's name in the page's
    language; without it the entry's own, Dutch, snapshot is used. ``whose``: the name of
    the person whose log it is, when someone acting for her reads it ("de gegevens van
    Sem", "heeft Sem opgezocht") instead of "uw gegevens", "heeft u opgezocht"."""
    moment = timezone.localtime(entry.occurred_at)
    refused = entry.outcome == Outcome.REFUSED
    allowed = entry.outcome == Outcome.ALLOWED
    codes = entry.categories_returned if allowed else entry.categories_requested
    values = {
        "who": _who(entry),
        "date": date_format(moment, "j F Y"),
        "time": time_format(moment, "H:i"),
        "data": _data(codes, whose),
        "purpose": _purpose(entry, purpose_names or {}),
        "name": whose,
    }
    sentences = [_what(entry, whose) % values]
    if values["purpose"]:
        sentences = [
            gettext("%(action)s, voor het doel '%(purpose)s'.")
            % {"action": sentences[0], "purpose": values["purpose"]}
        ]
    else:
        sentences[0] += "."
    if entry.stated_reason:
        reason = entry.stated_reason.strip().rstrip(".")
        sentences.append(gettext("Reden: %(reason)s.") % {"reason": reason})
    if refused:
        sentences.append(
            gettext("Dat mocht niet. %(because)s.") % {"because": _because(entry.reason)}
        )
    elif entry.outcome == Outcome.ERROR:
        sentences.append(gettext("Dat lukte niet door een storing. Er zijn geen gegevens getoond."))
    return " ".join(sentences)


def purpose_names_for(entries: Iterable[AccessLogEntry]) -> dict[tuple[str, int], str]:
    """The names of these entries' purposes in the page's language, in one query."""
    return purpose_version_names(
        keys=[(entry.purpose_code, entry.purpose_version) for entry in entries]
    )


def summaries_for(entries: Iterable[AccessLogEntry], *, whose: str | None = None) -> list[str]:
    """``entry_summary`` of each entry, with purpose names in the page's language."""
    entries = list(entries)
    names = purpose_names_for(entries)
    return [entry_summary(entry, names, whose=whose) for entry in entries]


@dataclass(frozen=True)
class EntryCard:
    """One log entry as labelled rows: who, team, when, what, why, outcome."""

    who: str
    team: str
    when: str
    what: str
    why: str
    outcome: str


def _team(entry: AccessLogEntry) -> str:
    if entry.department_name and entry.organisation_name:
        return f"{entry.department_name} ({entry.organisation_name})"
    return entry.department_name or entry.organisation_name or gettext("Niet bekend")


def _card_what(entry: AccessLogEntry, whose: str | None = None) -> str:
    if whose is not None:
        return _card_what_of(entry, whose)
    if entry.operation == Operation.RESIDENT_LOOKUP:
        return gettext("U opzoeken in Datameent")
    allowed = entry.outcome == Outcome.ALLOWED
    codes = entry.categories_returned if allowed else entry.categories_requested
    if allowed and not codes:
        return gettext("Uw gegevens bekijken. Er waren geen gegevens om te laten zien.")
    if not codes:
        return gettext("Uw gegevens bekijken")
    return gettext("Uw gegevens over %(categories)s bekijken") % {"categories": _listed(codes)}


def _card_what_of(entry: AccessLogEntry, name: str) -> str:
    """The same for someone who reads another person's log (acting for her): her name."""
    if entry.operation == Operation.RESIDENT_LOOKUP:
        return gettext("%(name)s opzoeken in Datameent") % {"name": name}
    allowed = entry.outcome == Outcome.ALLOWED
    codes = entry.categories_returned if allowed else entry.categories_requested
    if allowed and not codes:
        return gettext(
            "De gegevens van %(name)s bekijken. Er waren geen gegevens om te laten zien."
        ) % {"name": name}
    if not codes:
        return gettext("De gegevens van %(name)s bekijken") % {"name": name}
    return gettext("De gegevens van %(name)s over %(categories)s bekijken") % {
        "name": name,
        "categories": _listed(codes),
    }


def _card_why(entry: AccessLogEntry, names: Mapping[tuple[str, int], str]) -> str:
    purpose, stated = _purpose(entry, names), entry.stated_reason.strip().rstrip(".")
    if purpose and stated:
        return gettext("%(purpose)s. Reden: %(reason)s") % {"purpose": purpose, "reason": stated}
    return purpose or stated or gettext("Niet opgegeven")


def _card_outcome(entry: AccessLogEntry) -> str:
    if entry.outcome == Outcome.REFUSED:
        return refusal_outcome(entry.reason)
    if entry.outcome == Outcome.ERROR:
        return gettext("Mislukt door een storing. Er zijn geen gegevens getoond.")
    return str(Outcome.ALLOWED.label)


def entry_card(
    entry: AccessLogEntry,
    purpose_names: Mapping[tuple[str, int], str],
    *,
    whose: str | None = None,
) -> EntryCard:
    """``whose``: the name of the person whose log it is, when someone else reads it (a
    representative); the card then names her instead of saying "uw"."""
    moment = timezone.localtime(entry.occurred_at)
    return EntryCard(
        who=entry.caseworker_name or gettext("Een medewerker"),
        team=_team(entry),
        when=gettext("%(date)s om %(time)s")
        % {"date": date_format(moment, "j F Y"), "time": time_format(moment, "H:i")},
        what=_card_what(entry, whose),
        why=_card_why(entry, purpose_names),
        outcome=_card_outcome(entry),
    )


def entry_cards(entries: Iterable[AccessLogEntry], *, whose: str | None = None) -> list[EntryCard]:
    """``entry_card`` of each entry, with purpose names in the page's language."""
    entries = list(entries)
    names = purpose_names_for(entries)
    return [entry_card(entry, names, whose=whose) for entry in entries]


def witness_warning(status) -> str | None:
    """Plain words for a resident when no witness checked the log for too long."""
    if not status.stale:
        return None
    return str(
        gettext(
            "Een onafhankelijke getuige heeft uw logboek al meer dan %(hours)s uur niet "
            "gecontroleerd. Daarom weten wij niet zeker dat niemand het logboek heeft "
            "veranderd. Wij zoeken uit hoe dat komt."
        )
        % {"hours": status.max_age_hours}
    )
