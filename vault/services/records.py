"""The resident's records: created, changed (every change a new sealed version), removed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from vault import crypto
from vault.constants import Provenance, VaultState
from vault.exceptions import RecordNotFound, VaultNotFound
from vault.models import Record, RecordVersion, Vault
from vault.record_types import default_type, record_type_get, validate
from vault.selectors.sealed import open_sealed, vault_dek
from vault.services.contents import (
    CATEGORY_DEFAULT,
    UNCHANGED,
    RecordChange,
    category_check,
    category_of_type,
    record_payload,
)
from vault.services.documents import DocumentUpload, document_meta, document_validate

if TYPE_CHECKING:
    from accounts.models import Organisation, User


def _active_vault(*, resident: User, lock: bool = False) -> Vault:
    queryset = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE)
    if lock:
        queryset = queryset.select_for_update()
    vault = queryset.first()
    if vault is None:
        raise VaultNotFound()
    return vault


def _seal(
    *, vault: Vault, dek: bytes, record: Record, payload: bytes, document: bytes | None
) -> None:
    def aad(part: str) -> bytes:
        return crypto.record_aad(
            vault_id=vault.id,
            record_id=record.id,
            version=record.version,
            category=record.category,
            part=part,
        )

    record.ciphertext = crypto.encrypt(dek, payload, aad=aad("content"))
    record.document_ciphertext = (
        None if document is None else crypto.encrypt(dek, document, aad=aad("document"))
    )


@transaction.atomic
def record_create(
    *,
    resident: User,
    category: str | None = None,
    title: str,
    content: Any,
    document: DocumentUpload | None = None,
    provenance: str = Provenance.RESIDENT,
    source_organisation: Organisation | None = None,
    erase_after: date | None = None,
    record_type: Any = None,
) -> Record:
    """With ``record_type`` the content must fit that type's schema (vault.record_types).
    Without one the content is free JSON, as before the register; people's doors (the
    portal and the API) always name a type."""
    if record_type is CATEGORY_DEFAULT:
        category_check(str(category))
        record_type = default_type(str(category)).code
    kind = record_type_get(record_type) if record_type else None
    category = category_of_type(category=category, record_type=kind)
    if kind is not None:
        validate(kind, content)
    if document is not None:
        document_validate(document)
    payload = record_payload(
        title=title,
        content=content,
        document=document_meta(document) if document else None,
        record_type=record_type,
    )
    vault = _active_vault(resident=resident)
    record = Record(
        vault=vault,
        category=category,
        provenance=provenance,
        source_organisation=source_organisation,
        erase_after=erase_after,
        updated_at=timezone.now(),
    )
    _seal(
        vault=vault,
        dek=vault_dek(vault),
        record=record,
        payload=payload,
        document=document.data if document else None,
    )
    record.save()
    return record


def _keep_version(record: Record) -> None:
    RecordVersion.objects.create(
        record=record,
        version=record.version,
        category=record.category,
        ciphertext=record.ciphertext,
        document_ciphertext=record.document_ciphertext,
        provenance=record.provenance,
        source_organisation=record.source_organisation,
        created_at=record.updated_at,
    )


def _locked_record(*, vault: Vault, record_id: UUID) -> Record:
    record = Record.objects.select_for_update().filter(vault=vault, id=record_id).first()
    if record is None:
        raise RecordNotFound()
    return record


@transaction.atomic
def record_update(
    *,
    resident: User,
    record_id: UUID,
    title: Any = UNCHANGED,
    content: Any = UNCHANGED,
    category: str | None = None,
    document: Any = UNCHANGED,
    erase_after: Any = UNCHANGED,
    record_type: Any = None,
) -> Record:
    """Seal a new version; the previous one is kept, encrypted as it was.

    Title, content, document and erase_after left ``UNCHANGED`` keep their current value.
    A typed record (or one given ``record_type``) must still fit its type. When nothing
    differs from what the resident sees now, nothing is saved: no new version, and the
    record keeps who entered it.
    """
    vault = _active_vault(resident=resident)
    record = _locked_record(vault=vault, record_id=record_id)
    dek = vault_dek(vault)
    current = open_sealed(vault=vault, dek=dek, item=record)
    new = RecordChange.of(
        current.payload,
        record,
        title=title,
        content=content,
        category=category,
        record_type=record_type,
        erase_after=erase_after,
    )
    if document is UNCHANGED and new.same_as_shown(current.payload, record):
        return record
    if document is UNCHANGED:
        meta, document_bytes = current.payload["document"], current.document_bytes()
    elif document is None:
        meta, document_bytes = None, None
    else:
        document_validate(document)
        meta, document_bytes = document_meta(document), document.data
    payload = record_payload(
        title=new.title, content=new.content, document=meta, record_type=new.record_type
    )
    _keep_version(record)
    record.version += 1
    record.category = new.category
    record.provenance = Provenance.RESIDENT
    record.source_organisation = None
    record.erase_after = new.erase_after
    record.updated_at = timezone.now()
    _seal(vault=vault, dek=dek, record=record, payload=payload, document=document_bytes)
    record.save()
    return record


@transaction.atomic
def record_document_remove(*, resident: User, record_id: UUID) -> Record:
    """Remove the attached document; this is a new version like any other change."""
    vault = _active_vault(resident=resident)
    record = _locked_record(vault=vault, record_id=record_id)
    if record.document_ciphertext is None:
        raise RecordNotFound("This record has no document.", code="document_not_found")
    return record_update(resident=resident, record_id=record_id, document=None)


@transaction.atomic
def record_delete(*, resident: User, record_id: UUID) -> None:
    vault = _active_vault(resident=resident)
    _locked_record(vault=vault, record_id=record_id).delete()


@transaction.atomic
def record_mark_entered_by_representative(*, resident: User, record_id: UUID) -> None:
    """The record's current version was entered by someone acting for ``resident``.

    Call it in the same transaction, after ``record_create`` or ``record_update`` by a
    representative; an earlier version keeps its own provenance, and the resident's own
    next change makes it hers again."""
    vault = _active_vault(resident=resident)
    record = _locked_record(vault=vault, record_id=record_id)
    Record.objects.filter(pk=record.pk).update(provenance=Provenance.REPRESENTATIVE)
