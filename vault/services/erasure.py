"""Erasure: a resident's whole vault and account, and records past the date their owner set."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.constants import Role
from accounts.services import account_delete
from vault.constants import VaultState
from vault.exceptions import VaultNotFound
from vault.models import Record, RecordVersion, Vault

if TYPE_CHECKING:
    from accounts.models import User


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
