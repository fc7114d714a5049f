"""The resident's inbox in the portal: list, one message, read and unread."""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from datameent.portal import AuthenticatedRequest, post_only, remember_language, resident_required
from notifications import selectors, services
from notifications.exceptions import InboxEntryNotFound
from notifications.forms import SettingsForm
from notifications.links import source_link
from notifications.messages import message_render
from notifications.models import InboxEntry

ENTRIES_PER_PAGE = 25


@resident_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    entries = selectors.inbox_list(resident=request.user)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = selectors.inbox_titled(page)
    unread = selectors.inbox_unread_count(resident=request.user)
    return render(
        request, "notifications/inbox.html", {"page": page, "rows": rows, "unread": unread}
    )


@resident_required
def entry(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    # Opening a message is reading it: the same service the API's "read" calls.
    found = _marked(services.inbox_entry_mark_read, request, entry_id)
    message = message_render(kind=found.kind, context=found.context, occurred_at=found.occurred_at)
    context = {"entry": found, "message": message, "source": source_link(found)}
    return render(request, "notifications/entry.html", context)


def _marked(
    mark: Callable[..., InboxEntry], request: AuthenticatedRequest, entry_id: UUID
) -> InboxEntry:
    try:
        return mark(resident=request.user, entry_id=entry_id)
    except InboxEntryNotFound:
        raise Http404() from None


def _inbox_url(**_: object) -> str:
    return reverse("notifications-portal:inbox")


@resident_required
@post_only(_inbox_url)
def mark_read(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    _marked(services.inbox_entry_mark_read, request, entry_id)
    return redirect(_back(request))


@resident_required
@post_only(_inbox_url)
def mark_unread(request: AuthenticatedRequest, entry_id: UUID) -> HttpResponse:
    _marked(services.inbox_entry_mark_unread, request, entry_id)
    return redirect(_back(request))


@resident_required
@post_only(_inbox_url)
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    services.inbox_mark_all_read(resident=request.user)
    return redirect("notifications-portal:inbox")


def _back(request: AuthenticatedRequest) -> str:
    """Back to the list's page the form was on; only a page number is taken from the form."""
    page = request.POST.get("pagina", "")
    return _inbox_url() + (f"?pagina={page}" if page.isascii() and page.isdigit() else "")


def _initial(request: AuthenticatedRequest) -> dict[str, str]:
    initial = {
        "language": request.user.language or translation.get_language() or "nl",
        "digest": selectors.digest_channel_get(resident=request.user),
    }
    for kind, choice in selectors.email_choices_get(resident=request.user).items():
        initial[SettingsForm.email_field(kind)] = choice
    return initial


@resident_required
def settings_page(request: AuthenticatedRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SettingsForm(data, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.resident_settings_update(
            resident=request.user,
            language=language,
            email=form.email_choices(),
            digest=form.cleaned_data["digest"],
        )
        with translation.override(language):
            messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return remember_language(redirect("notifications-portal:settings"), language)
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/settings.html", {"form": form}, status=status)
