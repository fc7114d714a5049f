"""Resident portal pages for the vault. Thin: each view calls one service or selector."""

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from accounts.constants import Role
from datameent.api import DomainError
from datameent.portal import AuthenticatedRequest, json_download, resident_required
from vault.constants import Category
from vault.forms import EraseVaultForm, RecordForm
from vault.selectors import (
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    resident_export,
)
from vault.services import UNCHANGED, DocumentUpload, record_create, record_delete, record_update
from vault.services import vault_erase as vault_erase_service

ROLE_HOMES: dict[str, str] = {
    Role.RESIDENT: "portal:records",
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


def _upload(form: RecordForm) -> DocumentUpload | None:
    file = form.cleaned_data.get("document")
    if not file:
        return None
    return DocumentUpload(data=file.read(), filename=file.name, content_type=file.content_type)


def _content(form: RecordForm, previous: Any = None) -> Any:
    content = dict(previous) if isinstance(previous, dict) else {}
    content["omschrijving"] = form.cleaned_data["description"]
    return content


@resident_required
def records(request: AuthenticatedRequest) -> HttpResponse:
    category = request.GET.get("categorie") or None
    if category not in Category.values:
        category = None
    items = record_list_for_resident(resident=request.user, category=category)
    return render(
        request,
        "vault/records.html",
        {"records": items, "categories": Category.choices, "category": category},
    )


@resident_required
def record_new(request: AuthenticatedRequest) -> HttpResponse:
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = record_create(
                resident=request.user,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                content=_content(form),
                document=_upload(form),
                erase_after=form.cleaned_data["erase_after"],
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Uw gegeven is veilig bewaard."))
            return redirect("portal:record", record_id=record.id)
    return render(request, "vault/record_form.html", {"form": form, "new": True})


@resident_required
def record(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    item = record_get_for_resident(resident=request.user, record_id=record_id)
    return render(request, "vault/record.html", {"record": item, "content": _rows(item.content)})


def _rows(content: Any) -> list[tuple[str, str]]:
    if isinstance(content, dict):
        return [(str(key), _text(value)) for key, value in content.items()]
    return [(_("Inhoud"), _text(content))]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@resident_required
def record_edit(request: AuthenticatedRequest, record_id: UUID) -> HttpResponse:
    item = record_get_for_resident(resident=request.user, record_id=record_id)
    initial = {
        "category": item.category,
        "title": item.title,
        "description": (item.content or {}).get("omschrijving", "")
        if isinstance(item.content, dict)
        else "",
        "erase_after": item.erase_after,
    }
    form = RecordForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_update(
                resident=request.user,
                record_id=record_id,
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                content=_content(form, item.content),
                document=_upload(form) or UNCHANGED,
                erase_after=form.cleaned_data["erase_after"],
            )
        except DomainError as exc:
            form.add_error(None, exc.detail)
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
def erase(request: AuthenticatedRequest) -> HttpResponse:
    form = EraseVaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        vault_erase_service(resident=request.user)
        logout(request)
        return render(request, "vault/erased.html")
    return render(request, "vault/data_rights.html", {"form": form}, status=400)
