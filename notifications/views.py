"""The resident's inbox in the portal: list, one message, read and unread."""

from collections.abc import Callable
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from datameent.portal import AuthenticatedRequest, post_only, resident_required
from notifications import selectors, services
from notifications.exceptions import InboxEntryNotFound
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
