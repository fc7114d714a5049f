"""Reads from the vault. This module is the only place that decrypts records.

The owner reads through ``record_*_for_resident``. Anyone else reads only through
``records_for_decision``, which demands an allowed consent decision.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from datameent.prepared import PreparedQuery, instance
from vault import consent_seal, crypto
from vault.constants import VaultState

# What these selectors raise, and CryptoError from opening data: other apps catch them
# from here (their interface to the vault is its services, selectors and constants).
from vault.exceptions import (
    ConsentRequired,
    InvalidBsn,
    RecordNotFound,
    VaultNotFound,
)
from vault.exceptions import CryptoError as CryptoError
from vault.models import KeyActivation, Record, RecordVersion, Vault

if TYPE_CHECKING:
    from accounts.models import User
    from consent.selectors import ConsentDecision

EXPORT_FORMAT = "datameent-export"
EXPORT_VERSION = "1.0"


@dataclass(frozen=True)
class RecordData:
    id: UUID
    category: str
    version: int
    title: str
    content: Any
    document: dict[str, Any] | None
    provenance: str
    source_organisation: str | None
    created_at: datetime
    updated_at: datetime
    erase_after: date | None = None
    versions: list[RecordData] = field(default_factory=list)
    # The register's type (vault.record_types); None for a record sealed before it existed.
    record_type: str | None = None


@dataclass(frozen=True)
class Opened:
    payload: dict[str, Any]
    _dek: bytes = field(repr=False)
    _document_aad: bytes = field(repr=False)
    _document_ciphertext: bytes | None = field(repr=False)

    def document_bytes(self) -> bytes | None:
        if self._document_ciphertext is None:
            return None
        return crypto.decrypt(self._dek, self._document_ciphertext, aad=self._document_aad)


def vault_dek(vault: Vault) -> bytes:
    """The vault's data key. A wrong or missing key-encryption key raises ``CryptoError``,
    a 503 (never a 500); reads work again as soon as the key ring is right."""
    return crypto.unwrap_dek(vault.wrapped_dek, kek_id=vault.kek_id, vault_id=vault.id)


def _aad(*, vault: Vault, item: Record | RecordVersion, part: str) -> bytes:
    record_id = item.id if isinstance(item, Record) else item.record_id
    return crypto.record_aad(
        vault_id=vault.id,
        record_id=record_id,
        version=item.version,
        category=item.category,
        part=part,
    )


def open_sealed(*, vault: Vault, dek: bytes, item: Record | RecordVersion) -> Opened:
    payload = _payload(vault=vault, dek=dek, item=item)
    document = None if item.document_ciphertext is None else bytes(item.document_ciphertext)
    return Opened(payload, dek, _aad(vault=vault, item=item, part="document"), document)


def _payload(*, vault: Vault, dek: bytes, item: Record | RecordVersion) -> dict[str, Any]:
    """Title, content and document metadata; the document itself stays sealed."""
    aad = _aad(vault=vault, item=item, part="content")
    payload: dict[str, Any] = json.loads(crypto.decrypt(dek, item.ciphertext, aad=aad))
    return payload


def _data(
    *, vault: Vault, dek: bytes, item: Record | RecordVersion, versions: list[RecordData]
) -> RecordData:
    payload = _payload(vault=vault, dek=dek, item=item)
    if isinstance(item, Record):
        record_id, updated_at, erase_after = item.id, item.updated_at, item.erase_after
    else:
        record_id, updated_at, erase_after = item.record_id, item.created_at, None
    return RecordData(
        id=record_id,
        category=item.category,
        version=item.version,
        title=payload["title"],
        content=payload["content"],
        document=payload["document"],
        provenance=item.provenance,
        source_organisation=item.source_organisation.name if item.source_organisation else None,
        created_at=item.created_at,
        updated_at=updated_at,
        erase_after=erase_after,
        versions=versions,
        record_type=payload.get("type"),
    )


def vault_for_resident(*, resident: User) -> Vault:
    vault = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE).first()
    if vault is None:
        raise VaultNotFound()
    return vault


def active_kek_id() -> str:
    """The key-encryption key that wraps new data keys: the last one ``rotate_keyring``
    activated. Before any activation: the key the newest vault is wrapped under, and on an
    empty installation the first of the ring."""
    latest = KeyActivation.objects.order_by("-activated_at", "-id").first()
    if latest is not None:
        return latest.kek_id
    newest = Vault.objects.exclude(wrapped_dek=None).order_by("-created_at").first()
    return newest.kek_id if newest else crypto.first_kek_id()


def kek_ids_in_use() -> list[str]:
    return sorted(
        Vault.objects.exclude(wrapped_dek=None).values_list("kek_id", flat=True).distinct()
    )


def keyring_status() -> dict[str, Any]:
    """For /readyz: the key ids this process holds (never the keys), the active one, and
    any key a vault needs that this process lacks. Ready only when nothing is missing."""
    held = crypto.held_kek_ids()
    active = active_kek_id()
    missing = sorted({active, *kek_ids_in_use()} - set(held))
    return {"ok": not missing, "key_ids": held, "active": active, "missing": missing}


def vault_ids_to_rewrap() -> list[UUID]:
    """Vaults whose data key is still wrapped by a KEK other than the active one."""
    return list(
        Vault.objects.exclude(wrapped_dek=None)
        .exclude(kek_id=active_kek_id())
        .order_by("created_at")
        .values_list("id", flat=True)
    )


def _owned_records(*, vault: Vault) -> QuerySet[Record]:
    return Record.objects.filter(vault=vault).select_related("source_organisation")


def record_list_for_resident(*, resident: User, category: str | None = None) -> list[RecordData]:
    vault = vault_for_resident(resident=resident)
    records = _owned_records(vault=vault)
    if category:
        records = records.filter(category=category)
    dek = vault_dek(vault)
    return [_data(vault=vault, dek=dek, item=record, versions=[]) for record in records]


def _owned_record(*, resident: User, record_id: UUID) -> tuple[Vault, Record]:
    # One query for record and vault: this is the hot path of every read.
    record = (
        Record.objects.select_related("vault", "source_organisation")
        .filter(id=record_id, vault__resident=resident, vault__state=VaultState.ACTIVE)
        .first()
    )
    if record is None:
        vault_for_resident(resident=resident)  # a missing vault has its own error
        raise RecordNotFound()
    return record.vault, record


def record_get_for_resident(*, resident: User, record_id: UUID) -> RecordData:
    vault, record = _owned_record(resident=resident, record_id=record_id)
    return _data(vault=vault, dek=vault_dek(vault), item=record, versions=[])


def record_versions_for_resident(*, resident: User, record_id: UUID) -> list[RecordData]:
    """All versions, newest (the current one) first."""
    vault, record = _owned_record(resident=resident, record_id=record_id)
    dek = vault_dek(vault)
    earlier = record.versions.select_related("source_organisation").order_by("-version")
    return [
        _data(vault=vault, dek=dek, item=record, versions=[]),
        *(_data(vault=vault, dek=dek, item=version, versions=[]) for version in earlier),
    ]


def record_document_for_resident(
    *, resident: User, record_id: UUID
) -> tuple[dict[str, Any], bytes]:
    vault, record = _owned_record(resident=resident, record_id=record_id)
    opened = open_sealed(vault=vault, dek=vault_dek(vault), item=record)
    data = opened.document_bytes()
    if data is None:
        raise RecordNotFound("This record has no document.", code="document_not_found")
    return opened.payload["document"], data


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


def vault_export_section(*, resident: User) -> dict[str, Any]:
    # A resident without a vault still has an account, consents and logins to download.
    vault = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE).first()
    if vault is None:
        return {"records": []}
    dek = vault_dek(vault)
    return {
        "records": [
            _export_record(vault=vault, dek=dek, record=record)
            for record in _owned_records(vault=vault).order_by("created_at")
        ]
    }


def resident_export(*, resident: User) -> dict[str, Any]:
    """The resident's whole vault, decrypted. Format: docs/export-format.md."""
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
        document.update(import_string(section)(resident=resident))
    return document


def bsn_lookup_hash(*, bsn: str) -> str:
    """The keyed hash other apps store instead of a BSN. Raises InvalidBsn for a bad BSN."""
    bsn = bsn.strip()
    if not crypto.bsn_is_valid(bsn):
        raise InvalidBsn()
    return crypto.bsn_hash(bsn)


def vault_for_bsn(*, bsn: str) -> Vault | None:
    """The active vault for a BSN, or None. Only the keyed hash is compared."""
    bsn = bsn.strip()
    if not crypto.bsn_is_valid(bsn):
        return None
    return Vault.objects.filter(bsn_hash=crypto.bsn_hash(bsn), state=VaultState.ACTIVE).first()


def resident_for_bsn_hash(*, bsn_hash: str) -> User | None:
    """The resident whose active vault holds this keyed BSN hash, or None."""
    if not bsn_hash:
        return None
    vault = (
        Vault.objects.select_related("resident")
        .filter(bsn_hash=bsn_hash, state=VaultState.ACTIVE)
        .first()
    )
    return vault.resident if vault else None


def records_for_decision(*, decision: ConsentDecision) -> list[RecordData]:
    """Another person's records: only those of the decision's resident and category.

    The single route to data that is not the reader's own. Anything but an allowed, live
    ``consent.selectors.ConsentDecision`` is refused before the database is touched: a
    decision about another moment (``at=``) or an old one cannot open today's data.
    """
    return records_for_decisions(decisions=[decision])


def records_for_decisions(*, decisions: list[ConsentDecision]) -> list[RecordData]:
    """``records_for_decision`` for several categories of one resident, in one query.

    Every decision must be allowed and live, and all must be about the same resident:
    otherwise nothing is read at all.
    """
    for decision in decisions:
        if not consent_seal.is_sealed(decision):
            raise ConsentRequired("An allowed consent decision is required to read this vault")
    residents = {decision.resident_id for decision in decisions}
    if len(residents) != 1:
        raise ConsentRequired("Decisions for exactly one resident are required")
    categories = sorted({decision.category for decision in decisions})
    rows = _RECORDS.run(resident_id=residents.pop(), categories=categories)
    if not rows:
        return []
    first = rows[0]
    vault: Vault = instance(
        Vault, id=first.vault_id, kek_id=first.vault_kek_id, wrapped_dek=first.vault_wrapped_dek
    )
    dek = vault_dek(vault)
    return [_data(vault=vault, dek=dek, item=_record(row), versions=[]) for row in rows]


def _records_query(*, resident_id: int, categories: list[str], **_: Any) -> QuerySet:
    """The records of one resident's active vault in these categories, with what opening
    them needs. Documents stay in the database: a gateway read returns their metadata only."""
    return (
        Record.objects.filter(
            vault__resident_id=resident_id,
            vault__state=VaultState.ACTIVE,
            category__in=categories,
        )
        .annotate(
            vault_kek_id=F("vault__kek_id"),
            vault_wrapped_dek=F("vault__wrapped_dek"),
            organisation_name=F("source_organisation__name"),
        )
        .values(*_RECORD_FIELDS, "vault_kek_id", "vault_wrapped_dek", "organisation_name")
        .order_by("-updated_at", "id")
    )


_RECORD_FIELDS = (
    "id",
    "vault_id",
    "category",
    "version",
    "ciphertext",
    "provenance",
    "source_organisation_id",
    "erase_after",
    "created_at",
    "updated_at",
)
# Every gateway read that is allowed comes here: compiled once (datameent/prepared.py).
_RECORDS = PreparedQuery("datameent_vault_records_for_decisions", _records_query)


def _record(row: Any) -> Record:
    record: Record = instance(Record, **{name: getattr(row, name) for name in _RECORD_FIELDS})
    if row.source_organisation_id is not None:
        # By name, from Django's apps registry: accounts' interface is its services and selectors.
        organisation = apps.get_model("accounts", "Organisation")
        record.source_organisation = instance(
            organisation, id=row.source_organisation_id, name=row.organisation_name
        )
    return record


def record_category_for_resident(*, resident: User, record_id: UUID) -> str:
    """A record's category, without opening it: what a representative's check needs first."""
    _vault, record = _owned_record(resident=resident, record_id=record_id)
    return record.category
