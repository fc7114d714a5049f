"""One plain sentence per log entry, for the resident (B1 Dutch; English through gettext)."""

from collections.abc import Iterable, Mapping, Sequence

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from consent.selectors import purpose_version_names
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from vault.constants import Category


def _label(code: str) -> str:
    return str(Category(code).label) if code in Category.values else code


def _data(codes: Sequence[str]) -> str:
    labels = [_label(code) for code in codes]
    if not labels:
        return gettext("uw gegevens")
    if len(labels) > 1:
        joined = ", ".join(labels[:-1])
        labels = [gettext("%(first)s en %(last)s") % {"first": joined, "last": labels[-1]}]
    return gettext("uw gegevens over %(categories)s") % {"categories": labels[0]}


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


def _what(entry: AccessLogEntry) -> str:
    allowed = entry.outcome == Outcome.ALLOWED
    if entry.operation == Operation.RESIDENT_LOOKUP:
        if allowed:
            return gettext("%(who)s heeft u op %(date)s om %(time)s opgezocht")
        return gettext("%(who)s probeerde u op %(date)s om %(time)s op te zoeken")
    if allowed:
        return gettext("%(who)s heeft op %(date)s om %(time)s %(data)s bekeken")
    return gettext("%(who)s probeerde op %(date)s om %(time)s %(data)s te bekijken")


def _because(reason: str) -> str:
    if reason in Reason.values:
        return str(Reason(reason).label)
    return gettext("omdat het niet was toegestaan")


def _purpose(entry: AccessLogEntry, names: Mapping[tuple[str, int], str]) -> str:
    key = (entry.purpose_code, entry.purpose_version or 0)
    return names.get(key) or entry.purpose_name or entry.purpose_code


def entry_summary(
    entry: AccessLogEntry, purpose_names: Mapping[tuple[str, int], str] | None = None
) -> str:
    """E.g. "Bob Bakker van Team Wmo (Gemeente Meenthuizen) heeft op 3 maart 2026 om 14:02
    uw gegevens over Inkomen bekeken, voor het doel 'Bijzondere bijstand'. Reden: ...".

    ``purpose_names`` (``summaries_for`` builds it) gives the purpose's name in the page's
    language; without it the entry's own, Dutch, snapshot is used."""
    moment = timezone.localtime(entry.occurred_at)
    refused = entry.outcome == Outcome.REFUSED
    allowed = entry.outcome == Outcome.ALLOWED
    codes = entry.categories_returned if allowed else entry.categories_requested
    values = {
        "who": _who(entry),
        "date": date_format(moment, "j F Y"),
        "time": time_format(moment, "H:i"),
        "data": _data(codes),
        "purpose": _purpose(entry, purpose_names or {}),
    }
    sentences = [_what(entry) % values]
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
            gettext("Dat mocht niet, %(because)s.") % {"because": _because(entry.reason)}
        )
    elif entry.outcome == Outcome.ERROR:
        sentences.append(gettext("Dat lukte niet door een storing. Er zijn geen gegevens getoond."))
    return " ".join(sentences)


def purpose_names_for(entries: Iterable[AccessLogEntry]) -> dict[tuple[str, int], str]:
    """The names of these entries' purposes in the page's language, in one query."""
    return purpose_version_names(
        keys=[(entry.purpose_code, entry.purpose_version) for entry in entries]
    )


def summaries_for(entries: Iterable[AccessLogEntry]) -> list[str]:
    """``entry_summary`` of each entry, with purpose names in the page's language."""
    entries = list(entries)
    names = purpose_names_for(entries)
    return [entry_summary(entry, names) for entry in entries]


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
