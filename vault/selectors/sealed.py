"""Opening what the vault sealed: the data key, a record's payload and its document.

The selectors are the only code that decrypts records; the services use ``open_sealed``
to re-seal a record under a new version or key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from vault import crypto
from vault.models import Record, RecordVersion, Vault


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


def record_data(*, vault: Vault, dek: bytes, item: Record | RecordVersion) -> RecordData:
    """A record or one of its earlier versions, opened (without its document)."""
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
        record_type=payload.get("type"),
    )
