"""Writes to the vault. Every write that touches plaintext seals it here before it is saved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.constants import Role
from accounts.services import account_delete, user_create
from vault import crypto
from vault.constants import DOCUMENT_CONTENT_TYPES, Category, Provenance, VaultState
from vault.exceptions import (
    BsnTaken,
    ContentTooLarge,
    InvalidBsn,
    InvalidDocument,
    RecordNotFound,
    UnknownKeyError,
    VaultError,
    VaultNotFound,
)
from vault.models import KeyActivation, Record, RecordVersion, Vault
from vault.record_types import RecordType, default_type, record_type_get, validate
from vault.record_types.display import typed
from vault.selectors import active_kek_id, open_sealed, vault_dek

if TYPE_CHECKING:
    from accounts.models import Organisation, User

_MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
MAX_TITLE_LENGTH = 200


@dataclass(frozen=True)
class DocumentUpload:
    data: bytes
    filename: str
    content_type: str


class _Unchanged:
    """Marker: keep the record's current document."""


UNCHANGED: Any = _Unchanged()


class _CategoryDefault:
    """Marker for ``record_type``: the type the record has, or else its category's default
    type. The API passes it, so all it writes is validated against a schema."""


CATEGORY_DEFAULT: Any = _CategoryDefault()


def _active_vault(*, resident: User, lock: bool = False) -> Vault:
    queryset = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE)
    if lock:
        queryset = queryset.select_for_update()
    vault = queryset.first()
    if vault is None:
        raise VaultNotFound()
    return vault


def _dek(vault: Vault) -> bytes:
    return vault_dek(vault)


def _wrap(dek: bytes, *, vault: Vault) -> tuple[str, bytes]:
    """Wrapped under the active key: one every process holds (see ``kek_activate``)."""
    return crypto.wrap_dek(dek, vault_id=vault.id, kek_id=active_kek_id())


@transaction.atomic
def kek_activate(*, kek_id: str) -> bool:
    """New data keys are wrapped under ``kek_id`` from now on. Only ``rotate_keyring``
    calls this, once every process has said it holds the key. False: it already was."""
    if kek_id not in crypto.held_kek_ids():
        raise UnknownKeyError(f"Key-encryption key {kek_id!r} is not in the key ring")
    if active_kek_id() == kek_id:
        return False
    KeyActivation.objects.create(kek_id=kek_id)
    return True


def _validate_document(document: DocumentUpload) -> None:
    if len(document.data) > settings.VAULT_MAX_DOCUMENT_BYTES:
        raise ContentTooLarge(
            f"A document may be at most {settings.VAULT_MAX_DOCUMENT_BYTES} bytes.",
            code="document_too_large",
        )
    if document.content_type not in DOCUMENT_CONTENT_TYPES or not document.data.startswith(
        _MAGIC[document.content_type]
    ):
        raise InvalidDocument()


def _payload(
    *, title: str, content: Any, document: dict[str, Any] | None, record_type: str | None = None
) -> bytes:
    title = (title or "").strip()
    if not title:
        raise VaultError("A record needs a title.", code="title_required")
    if len(title) > MAX_TITLE_LENGTH:
        raise VaultError(
            f"A title may be at most {MAX_TITLE_LENGTH} characters.", code="title_too_long"
        )
    sealed = {"title": title, "content": content, "document": document}
    if record_type:
        sealed["type"] = record_type  # sealed, so the type is as private as the content
    try:
        encoded = json.dumps(
            sealed,
            ensure_ascii=False,
            allow_nan=False,
        ).encode()
    except (TypeError, ValueError, RecursionError):
        # RecursionError: content nested too deeply to encode; still the caller's input.
        raise VaultError("The content must be JSON.", code="invalid_content") from None
    if len(encoded) > settings.VAULT_MAX_CONTENT_BYTES:
        raise ContentTooLarge(
            f"Title and content may be at most {settings.VAULT_MAX_CONTENT_BYTES} bytes.",
            code="content_too_large",
        )
    return encoded


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise VaultError(f"Unknown category {category!r}.", code="unknown_category")


def _typed_category(*, category: str | None, record_type: RecordType | None) -> str:
    """A typed record's category is its type's; a category given as well must agree."""
    if record_type is None:
        if category is None:
            raise VaultError("A record needs a category or a type.", code="category_required")
        _check_category(category)
        return category
    if category not in (None, record_type.category):
        raise VaultError(
            f"Type {record_type.code!r} belongs to category {record_type.category!r}.",
            code="type_category_mismatch",
        )
    return record_type.category


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


def _clean_filename(filename: str) -> str:
    # The name ends up in a Content-Disposition header: no paths, no control characters.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:200] or "document"


def _document_meta(document: DocumentUpload) -> dict[str, Any]:
    return {
        "filename": _clean_filename(document.filename),
        "content_type": document.content_type,
        "size": len(document.data),
    }


@transaction.atomic
def resident_create(
    *,
    username: str,
    password: str | None,
    bsn: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A resident is a user with a vault; the vault holds the keyed hash of the BSN."""
    user = user_create(
        username=username,
        password=password,
        role=Role.RESIDENT,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    vault_create(resident=user, bsn=bsn)
    return user


@transaction.atomic
def vault_create(*, resident: User, bsn: str) -> Vault:
    bsn = bsn.strip()
    if not crypto.bsn_is_valid(bsn):
        raise InvalidBsn()
    digest = crypto.bsn_hash(bsn)
    if Vault.objects.filter(bsn_hash=digest).exists():
        raise BsnTaken()
    vault = Vault(resident=resident, bsn_hash=digest)
    vault.kek_id, vault.wrapped_dek = _wrap(crypto.new_key(), vault=vault)
    vault.save()
    return vault


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
        _check_category(str(category))
        record_type = default_type(str(category)).code
    kind = record_type_get(record_type) if record_type else None
    category = _typed_category(category=category, record_type=kind)
    if kind is not None:
        validate(kind, content)
    if document is not None:
        _validate_document(document)
    payload = _payload(
        title=title,
        content=content,
        document=_document_meta(document) if document else None,
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
        dek=_dek(vault),
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
    dek = _dek(vault)
    current = open_sealed(vault=vault, dek=dek, item=record)
    new = _Change.of(
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
        _validate_document(document)
        meta, document_bytes = _document_meta(document), document.data
    payload = _payload(
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


@dataclass(frozen=True)
class _Change:
    """What a record will be after an update, checked against its type."""

    title: str
    content: Any
    category: str
    record_type: str | None
    erase_after: date | None

    @classmethod
    def of(cls, payload: dict[str, Any], record: Record, **given: Any) -> _Change:
        code = given["record_type"]
        if code is CATEGORY_DEFAULT and given["content"] is UNCHANGED:
            code = None  # an old record whose content stays as it is keeps no type
        elif code is CATEGORY_DEFAULT:
            category = given["category"] or record.category
            _check_category(category)
            code = payload.get("type") or default_type(category).code
        code = code or payload.get("type")
        kind = record_type_get(code) if code else None
        category = _typed_category(
            category=given["category"] or (None if kind else record.category), record_type=kind
        )
        content = payload["content"] if given["content"] is UNCHANGED else given["content"]
        if kind is not None:
            validate(kind, content)
        return cls(
            title=payload["title"] if given["title"] is UNCHANGED else given["title"],
            content=content,
            category=category,
            record_type=kind.code if kind else None,
            erase_after=record.erase_after
            if given["erase_after"] is UNCHANGED
            else given["erase_after"],
        )

    def same_as_shown(self, payload: dict[str, Any], record: Record) -> bool:
        """Equal to the record as its owner sees it; an untyped record is seen through the
        read rule (vault.record_types.legacy), so saving its form unchanged changes nothing."""
        shown_type, shown = typed(
            category=record.category,
            record_type=payload.get("type"),
            content=payload["content"],
        )
        same_content = self.content == payload["content"] or (
            self.record_type == shown_type.code and self.content == shown
        )
        return (
            same_content
            and (self.title or "").strip() == payload["title"]
            and self.category == record.category
            and self.record_type in (None, shown_type.code)
            and self.erase_after == record.erase_after
        )


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
def records_erase_expired(*, today: date) -> int:
    """Erase records whose resident-set date lies before ``today``. Versions go with them."""
    expired = Record.objects.filter(erase_after__lt=today, vault__state=VaultState.ACTIVE)
    record_ids = list(expired.values_list("id", flat=True))
    RecordVersion.objects.filter(record_id__in=record_ids).delete()
    Record.objects.filter(id__in=record_ids).delete()
    return len(record_ids)


@transaction.atomic
def _vault_shred(*, resident: User) -> UUID | None:
    """Destroy the data key and BSN hash first: from here on nothing of this vault decrypts.

    A resident without a vault (an account made in the admin) has no key to destroy, but
    still a history in other apps and an account: both go in this one transaction.
    """
    vault = Vault.objects.select_for_update().filter(resident=resident).first()
    if vault is None and resident.role != Role.RESIDENT:
        raise VaultNotFound()
    for step in settings.DATAMEENT_ERASURE_STEPS:
        import_string(step)(resident=resident)
    if vault is None:
        account_delete(user_id=resident.pk)
        return None
    Vault.objects.filter(id=vault.id).update(
        wrapped_dek=None, kek_id="", bsn_hash=None, state=VaultState.ERASING
    )
    return vault.id


@transaction.atomic
def _vault_delete_rows(*, vault_id: UUID) -> None:
    vault = Vault.objects.select_for_update().filter(id=vault_id).first()
    if vault is None:
        return
    resident_id = vault.resident_id
    RecordVersion.objects.filter(record__vault_id=vault_id).delete()
    Record.objects.filter(vault_id=vault_id).delete()
    vault.delete()
    account_delete(user_id=resident_id)


def vault_erase(*, resident: User) -> None:
    """Erase a resident's vault and account: crypto-shred in one transaction, then remove rows.

    A crash between the two leaves a vault without a key (state ``erasing``);
    ``vault_erasures_finish`` removes its rows later.
    """
    vault_id = _vault_shred(resident=resident)
    if vault_id is not None:
        _vault_delete_rows(vault_id=vault_id)


def vault_erasures_finish() -> int:
    vault_ids = list(Vault.objects.filter(state=VaultState.ERASING).values_list("id", flat=True))
    for vault_id in vault_ids:
        _vault_delete_rows(vault_id=vault_id)
    return len(vault_ids)


@transaction.atomic
def vault_rewrap_dek(*, vault_id: UUID) -> bool:
    """Re-wrap one vault's data key under the active KEK. Records are not touched."""
    vault = Vault.objects.select_for_update().filter(id=vault_id).first()
    if vault is None or vault.wrapped_dek is None or vault.kek_id == active_kek_id():
        return False
    dek = _dek(vault)
    vault.kek_id, vault.wrapped_dek = _wrap(dek, vault=vault)
    vault.save(update_fields=["kek_id", "wrapped_dek"])
    return True


@transaction.atomic
def vault_rotate_dek(*, vault_id: UUID) -> None:
    """Give a vault a fresh data key and re-encrypt every record and version under it."""
    vault = Vault.objects.select_for_update().filter(id=vault_id, state=VaultState.ACTIVE).first()
    if vault is None:
        raise VaultNotFound()
    old, new = _dek(vault), crypto.new_key()
    items: list[Record | RecordVersion] = [
        *Record.objects.select_for_update().filter(vault=vault),
        *RecordVersion.objects.select_for_update().filter(record__vault=vault),
    ]
    for item in items:
        _reseal(vault=vault, item=item, old=old, new=new)
        item.save(update_fields=["ciphertext", "document_ciphertext"])
    vault.kek_id, vault.wrapped_dek = _wrap(new, vault=vault)
    vault.dek_generation += 1
    vault.save(update_fields=["kek_id", "wrapped_dek", "dek_generation"])


def _reseal(*, vault: Vault, item: Record | RecordVersion, old: bytes, new: bytes) -> None:
    record_id = item.id if isinstance(item, Record) else item.record_id
    opened = open_sealed(vault=vault, dek=old, item=item)

    def aad(part: str) -> bytes:
        return crypto.record_aad(
            vault_id=vault.id,
            record_id=record_id,
            version=item.version,
            category=item.category,
            part=part,
        )

    payload = json.dumps(opened.payload, ensure_ascii=False).encode()
    document = opened.document_bytes()
    item.ciphertext = crypto.encrypt(new, payload, aad=aad("content"))
    item.document_ciphertext = (
        None if document is None else crypto.encrypt(new, document, aad=aad("document"))
    )


@transaction.atomic
def record_mark_entered_by_representative(*, resident: User, record_id: UUID) -> None:
    """The record's current version was entered by someone acting for ``resident``.

    Call it in the same transaction, after ``record_create`` or ``record_update`` by a
    representative; an earlier version keeps its own provenance, and the resident's own
    next change makes it hers again."""
    vault = _active_vault(resident=resident)
    record = _locked_record(vault=vault, record_id=record_id)
    Record.objects.filter(pk=record.pk).update(provenance=Provenance.REPRESENTATIVE)
