"""Where a message comes from: the page of the log entry, request, consent or login."""

from dataclasses import dataclass
from uuid import UUID

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from datameent.portal import access_log_day_url
from notifications.constants import Kind
from notifications.models import InboxEntry


@dataclass(frozen=True)
class SourceLink:
    url: str
    label: str | Promise


def _anchored(name: str, prefix: str, source_id: object) -> str:
    # The cards on these pages carry the id (``r<id>``, ``g<id>``) of the request or grant.
    return reverse(name) + (f"#{prefix}{source_id}" if source_id else "")


def access_entry_url(entry: InboxEntry) -> str:
    """The page of the log entry a message about an access is about; a message that names
    no entry (made before messages named theirs) goes to that day of the log."""
    try:
        entry_id = UUID(str(entry.context.get("access_log_id")))
    except ValueError:
        return access_log_day_url(entry.occurred_at)
    return reverse("gateway-portal:access-log-entry", kwargs={"entry_id": entry_id})


def source_link(entry: InboxEntry) -> SourceLink:
    """One link from a message to the page about what it says happened."""
    context = entry.context
    if entry.kind in (Kind.ACCESS, Kind.REFUSED_ACCESS):
        return SourceLink(access_entry_url(entry), _("Bekijk dit in Wie keek er?"))
    if entry.kind == Kind.ACCESS_REQUEST:
        url = _anchored("consent-portal:requests", "r", context.get("request_id"))
        return SourceLink(url, _("Naar het verzoek"))
    if entry.kind == Kind.REPRESENTED_REQUEST and context.get("request_id"):
        # The request page in "Ik regel dit voor", for the person it is about.
        url = reverse("representation:acting-request", args=[context["request_id"]])
        return SourceLink(url, _("Naar het verzoek"))
    if entry.kind in (Kind.ON_BEHALF, Kind.REPRESENTATION):
        return SourceLink(reverse("representation:who-may"), _("Bekijk dit in Wie mag namens mij?"))
    if entry.kind in (Kind.GRANT_EXPIRING, Kind.GRANT_EXPIRED, Kind.REVIEW_GRANTS):
        url = _anchored("consent-portal:consents", "g", context.get("grant_id"))
        return SourceLink(url, _("Naar uw toestemming"))
    return SourceLink(reverse("accounts-portal:logins"), _("Bekijk wanneer u inlogde"))
