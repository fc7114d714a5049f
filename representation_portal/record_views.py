"""The records of the person a representative acts for: list, record, versions, document,
change. Only the categories the relation allows (``representation.records``)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from datameent.api import DomainError
from datameent.portal import AuthenticatedRequest
from representation import selectors
from representation.records import (
    record_categories,
    record_document_for_representative,
    record_for_representative,
    record_update_for_representative,
    record_versions_for_representative,
    records_for_representative,
)
from representation_portal.views import _subject, acting_page
from vault.constants import Category
from vault.record_forms import record_changes, record_edit_form


@acting_page
def acting_records(request: AuthenticatedRequest) -> HttpResponse:
    subject = _subject(request)
    allowed = record_categories(actor=request.user, subject=subject)
    category = request.GET.get("categorie") or None
    if category not in allowed:
        category = None
    items = records_for_representative(actor=request.user, subject=subject, category=category)
    context = {
        "subject": subject,
        "records": items,
        "categories": [(c, label) for c, label in Category.choices if c in allowed],
        "category": category,
    }
    return render(request, "representation/acting_records.html", context)


@acting_page
def acting_record(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    subject = _subject(request)
    item = record_for_representative(actor=request.user, subject=subject, record_id=record_id)
    entries = selectors.record_entries(subject=subject, record_id=record_id)
    context = {"subject": subject, "record": item, "entered": entries.get(item.version)}
    return render(request, "representation/acting_record.html", context)


@acting_page
def acting_record_versions(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    subject = _subject(request)
    versions = record_versions_for_representative(
        actor=request.user, subject=subject, record_id=record_id
    )
    entries = selectors.record_entries(subject=subject, record_id=record_id)
    rows = [(version, entries.get(version.version)) for version in versions]
    context = {"subject": subject, "rows": rows, "record": versions[0]}
    return render(request, "representation/acting_versions.html", context)


@acting_page
def acting_record_document(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    subject = _subject(request)
    meta, data = record_document_for_representative(
        actor=request.user, subject=subject, record_id=record_id
    )
    response = HttpResponse(data, content_type=meta["content_type"])
    response["Content-Disposition"] = f'attachment; filename="document-{record_id}"'
    return response


@acting_page
def acting_record_edit(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    subject = _subject(request)
    item = record_for_representative(actor=request.user, subject=subject, record_id=record_id)
    form = record_edit_form(item, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_update_for_representative(
                actor=request.user, subject=subject, record_id=record_id, **record_changes(form)
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(
                request,
                _("De wijziging is bewaard namens %(name)s. De oude versie blijft bewaard.")
                % {"name": subject.display_name},
            )
            return redirect("representation:acting-record", record_id=record_id)
    context = {"form": form, "record": item, "subject": subject}
    return render(request, "representation/acting_record_form.html", context)
