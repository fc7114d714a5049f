"""Keys: wrapping a vault's data key, activating a key-encryption key, re-wrapping a data
key under it, and rotating a vault's data key (every record and version re-sealed)."""

import json
from uuid import UUID

from django.db import transaction

from vault import crypto
from vault.constants import VaultState
from vault.exceptions import UnknownKeyError, VaultNotFound
from vault.models import KeyActivation, Record, RecordVersion, Vault
from vault.selectors.keys import active_kek_id
from vault.selectors.sealed import open_sealed, vault_dek


def dek_wrap(dek: bytes, *, vault: Vault) -> tuple[str, bytes]:
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


@transaction.atomic
def vault_rewrap_dek(*, vault_id: UUID) -> bool:
    """Re-wrap one vault's data key under the active KEK. Records are not touched."""
    vault = Vault.objects.select_for_update().filter(id=vault_id).first()
    if vault is None or vault.wrapped_dek is None or vault.kek_id == active_kek_id():
        return False
    dek = vault_dek(vault)
    vault.kek_id, vault.wrapped_dek = dek_wrap(dek, vault=vault)
    vault.save(update_fields=["kek_id", "wrapped_dek"])
    return True


@transaction.atomic
def vault_rotate_dek(*, vault_id: UUID) -> None:
    """Give a vault a fresh data key and re-encrypt every record and version under it."""
    vault = Vault.objects.select_for_update().filter(id=vault_id, state=VaultState.ACTIVE).first()
    if vault is None:
        raise VaultNotFound()
    old, new = vault_dek(vault), crypto.new_key()
    items: list[Record | RecordVersion] = [
        *Record.objects.select_for_update().filter(vault=vault),
        *RecordVersion.objects.select_for_update().filter(record__vault=vault),
    ]
    for item in items:
        _reseal(vault=vault, item=item, old=old, new=new)
        item.save(update_fields=["ciphertext", "document_ciphertext"])
    vault.kek_id, vault.wrapped_dek = dek_wrap(new, vault=vault)
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
