"""The resident's download of everything held about them (docs/export-format.md)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from vault.constants import VaultState
from vault.models import Record, RecordVersion, Vault
from vault.selectors.records import owned_records
from vault.selectors.sealed import open_sealed, vault_dek

if TYPE_CHECKING:
    from accounts.models import User

EXPORT_FORMAT = "datameent-export"
EXPORT_VERSION = "1.0"


def _export_version(*, vault: Vault, dek: bytes, item: Record | RecordVersion) -> dict[str, Any]:
    opened = open_sealed(vault=vault, dek=dek, item=item)
    document = opened.document_bytes()
    if document is not None:
        encoded = base64.b64encode(document).decode()
        document_data = {**opened.payload["document"], "data_base64": encoded}
    saved_at = item.updated_at if isinstance(item, Record) else item.created_at
    organisation = item.source_organisation
    return {
        "version": item.version,
        "category": item.category,
        "title": opened.payload["title"],
        "content": opened.payload["content"],
        "document": None if document is None else document_data,
        "provenance": item.provenance,
        "source_organisation": organisation.name if organisation else None,
        "saved_at": saved_at.isoformat(),
    }


def _export_record(*, vault: Vault, dek: bytes, record: Record) -> dict[str, Any]:
    earlier = record.versions.select_related("source_organisation").order_by("-version")
    items: list[Record | RecordVersion] = [record, *earlier]
    return {
        "id": str(record.id),
        "created_at": record.created_at.isoformat(),
        "erase_after": record.erase_after.isoformat() if record.erase_after else None,
        "versions": [_export_version(vault=vault, dek=dek, item=item) for item in items],
    }


def vault_export_section(*, resident: User, whose: str | None = None) -> dict[str, Any]:
    # A resident without a vault still has an account, consents and logins to download.
    vault = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE).first()
    if vault is None:
        return {"records": []}
    dek = vault_dek(vault)
    return {
        "records": [
            _export_record(vault=vault, dek=dek, record=record)
            for record in owned_records(vault=vault).order_by("created_at")
        ]
    }


def resident_export(*, resident: User, whose: str | None = None) -> dict[str, Any]:
    """The resident's whole vault, decrypted. Format: docs/export-format.md. ``whose``: her
    name, when someone acting for her downloads it; each section gets it, so its sentences
    name her where they would say "uw"."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "resident": {
            "username": resident.username,
            "first_name": resident.first_name,
            "last_name": resident.last_name,
            "email": resident.email,
        },
    }
    for section in settings.DATAMEENT_EXPORT_SECTIONS:
        document.update(import_string(section)(resident=resident, whose=whose))
    return document
