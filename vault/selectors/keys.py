"""Which key-encryption keys the vaults need, and which one wraps new data keys."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from vault import crypto
from vault.models import KeyActivation, Vault


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
