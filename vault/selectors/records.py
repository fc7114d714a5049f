"""The owner's own records: the resident reads them without a consent decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import QuerySet

from vault.constants import VaultState
from vault.exceptions import RecordNotFound, VaultNotFound
from vault.models import Record, Vault
from vault.selectors.sealed import RecordData, open_sealed, record_data, vault_dek

if TYPE_CHECKING:
    from accounts.models import User


def vault_for_resident(*, resident: User) -> Vault:
    vault = Vault.objects.filter(resident=resident, state=VaultState.ACTIVE).first()
    if vault is None:
        raise VaultNotFound()
    return vault


def owned_records(*, vault: Vault) -> QuerySet[Record]:
    return Record.objects.filter(vault=vault).select_related("source_organisation")


def record_list_for_resident(*, resident: User, category: str | None = None) -> list[RecordData]:
    vault = vault_for_resident(resident=resident)
    records = owned_records(vault=vault)
    if category:
        records = records.filter(category=category)
    dek = vault_dek(vault)
    return [record_data(vault=vault, dek=dek, item=record) for record in records]


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
    return record_data(vault=vault, dek=vault_dek(vault), item=record)


def record_versions_for_resident(*, resident: User, record_id: UUID) -> list[RecordData]:
    """All versions, newest (the current one) first."""
    vault, record = _owned_record(resident=resident, record_id=record_id)
    dek = vault_dek(vault)
    earlier = record.versions.select_related("source_organisation").order_by("-version")
    return [
        record_data(vault=vault, dek=dek, item=record),
        *(record_data(vault=vault, dek=dek, item=version) for version in earlier),
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


def record_category_for_resident(*, resident: User, record_id: UUID) -> str:
    """A record's category, without opening it: what a representative's check needs first."""
    _vault, record = _owned_record(resident=resident, record_id=record_id)
    return record.category
