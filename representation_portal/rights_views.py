"""Messages and data rights while acting for someone (docs/representation.md, "Berichten,
downloaden en wissen"): the inbox with the log, export for those who may see everything,
erasure never by a representative."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from datameent.portal import AuthenticatedRequest, json_download
from notifications.messages import message_render
from notifications.selectors import inbox_list
from representation.constants import Action, ActWhat
from representation.records import export_for_representative, may_export
from representation.services import act_authorise
from representation_portal.views import _Refused, _subject, acting_page

ENTRIES_PER_PAGE = 25


@acting_page
def acting_inbox(request: AuthenticatedRequest) -> HttpResponse:
    """Her messages, read only: opening them here does not mark them read for her."""
    subject = _subject(request)
    act_authorise(
        actor=request.user, subject=subject, action=Action.LOG, categories=None, what=ActWhat.INBOX
    )
    page = Paginator(inbox_list(resident=subject), ENTRIES_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    rows = [
        (
            entry,
            message_render(kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at),
        )
        for entry in page
    ]
    return render(
        request,
        "representation/acting_inbox.html",
        {"subject": subject, "page": page, "rows": rows},
    )


@acting_page
def acting_data_rights(request: AuthenticatedRequest) -> HttpResponse:
    subject = _subject(request)
    decision = may_export(actor=request.user, subject=subject)
    if not decision.allowed:
        raise _Refused(subject, decision.reason)
    return render(request, "representation/acting_data_rights.html", {"subject": subject})


@acting_page
def acting_export(request: AuthenticatedRequest) -> HttpResponse:
    subject = _subject(request)
    document = export_for_representative(actor=request.user, subject=subject)
    return json_download(document, "datameent-export.json")
