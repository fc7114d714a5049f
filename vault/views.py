"""Resident portal pages for the vault. Thin: each view calls one service or selector."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.constants import Role
from datameent.api import DomainError
from datameent.portal import AuthenticatedRequest, json_download, post_only, resident_required
from vault.constants import Category
from vault.exceptions import InvalidRecordContent, UnknownRecordType, VaultNotFound
from vault.forms import EraseVaultForm
from vault.record_forms import (
    ODD_CHARACTERS,
    RecordTypeForm,
    record_changes,
    record_edit_form,
    record_form,
)
from vault.record_types import RecordType, record_type_get, record_types
from vault.selectors import (
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    resident_export,
)
from vault.services import DocumentUpload, record_create, record_delete, record_update
from vault.services import vault_erase as vault_erase_service

ROLE_HOMES: dict[str, str] = {
    Role.RESIDENT: "overview:overview",
    Role.CASEWORKER: "gateway-portal:caseworker-home",
    Role.COUNCIL: "council:statistics",
    Role.ADMIN: "admin:index",
    Role.REGISTRAR: "representation:registrar",
}


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        target = ROLE_HOMES.get(getattr(request.user, "role", ""))
        if target:
            try:
                return redirect(target)
            except NoReverseMatch:  # that role's pages are not installed
                pass
    return render(request, "home.html")


def _upload(form: RecordTypeForm) -> DocumentUpload | None:
    file = form.cleaned_data.get("document")
    if not file:
        return None
    return DocumentUpload(data=file.read(), filename=file.name, content_type=file.content_type)


@resident_required
def records(request: AuthenticatedRequest) -> HttpResponse:
    category = request.GET.get("categorie") or None
    if category not in Category.values:
        category = None
    try:
        items = record_list_for_resident(resident=request.user, category=category)
    except VaultNotFound:  # an account made without a BSN: say so, instead of a 404
        items, no_vault = [], True
    else:
        no_vault = False
    context = {"records": items, "categories": Category.choices, "category": category}
    return render(request, "vault/records.html", {**context, "no_vault": no_vault})


@resident_required
def record_new(request: AuthenticatedRequest) -> HttpResponse:
    """First the kind of record, on a page of its own: the form follows from the kind."""
    return render(request, "vault/record_new.html", {"record_types": record_types()})


def _save_error(form: RecordTypeForm, exc: DomainError) -> None:
    if isinstance(exc, InvalidRecordContent):
        # The form checks what a person can get wrong; this is left for odd characters.
        key = exc.field.removeprefix("content.").split(".")[0]
        form.add_error(key if key in form.fields else None, ODD_CHARACTERS)
    else:
        form.add_error(None, exc.detail)


@resident_required
def record_new_typed(request: AuthenticatedRequest, type_code: str) -> HttpResponse:
    kind = _record_type_or_404(type_code)
    form = record_form(request.POST or None, request.FILES or None, record_type=kind)
    if request.method == "POST" and form.is_valid():
        try:
            record = record_create(
                resident=request.user,
                record_type=kind.code,
                title=form.cleaned_data["title"],
                content=form.content(),
                document=_upload(form),
                erase_after=form.cleaned_data["erase_after"],
            )
        except DomainError as exc:
            _save_error(form, exc)
        else:
            messages.success(request, _("Uw gegeven is veilig bewaard."))
            return redirect("portal:record", record_id=record.id)
    return render(request, "vault/record_form.html", {"form": form, "new": True})


def _record_type_or_404(code: str) -> RecordType:
    try:
        return record_type_get(code)
    except UnknownRecordType:
        raise Http404 from None


@resident_required
def record(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    item = record_get_for_resident(resident=request.user, record_id=record_id)
    return render(request, "vault/record.html", {"record": item})


@resident_required
def record_edit(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    item = record_get_for_resident(resident=request.user, record_id=record_id)
    form = record_edit_form(item, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_update(resident=request.user, record_id=record_id, **record_changes(form))
        except DomainError as exc:
            _save_error(form, exc)
        else:
            messages.success(request, _("Uw wijziging is bewaard. De oude versie blijft bewaard."))
            return redirect("portal:record", record_id=record_id)
    return render(request, "vault/record_form.html", {"form": form, "record": item})


@resident_required
def record_versions(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    versions = record_versions_for_resident(resident=request.user, record_id=record_id)
    return render(request, "vault/versions.html", {"versions": versions, "record": versions[0]})


@resident_required
def record_document(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    meta, data = record_document_for_resident(resident=request.user, record_id=record_id)
    response = HttpResponse(data, content_type=meta["content_type"])
    response["Content-Disposition"] = f'attachment; filename="document-{record_id}"'
    return response


@resident_required
def record_remove(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    item = record_get_for_resident(resident=request.user, record_id=record_id)
    if request.method == "POST":
        record_delete(resident=request.user, record_id=record_id)
        messages.success(request, _("Het gegeven is verwijderd."))
        return redirect("portal:records")
    return render(request, "vault/record_delete.html", {"record": item})


@resident_required
def data_rights(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "vault/data_rights.html", {"form": EraseVaultForm()})


@resident_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    return json_download(resident_export(resident=request.user), "datameent-export.json")


@resident_required
@post_only(lambda: reverse("portal:data-rights"))
def erase(request: AuthenticatedRequest) -> HttpResponse:
    form = EraseVaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vault_erase_service(resident=request.user)
        logout(request)
        return render(request, "vault/erased.html")
    return render(request, "vault/data_rights.html", {"form": form}, status=400)
