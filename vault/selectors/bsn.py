"""BSN lookups. Only the keyed hash of a BSN is ever stored or compared."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from vault import crypto
from vault.constants import VaultState
from vault.exceptions import InvalidBsn
from vault.models import Vault

if TYPE_CHECKING:
    from accounts.models import User


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


def bsn_hashes_for_residents(*, resident_ids: Iterable[int]) -> dict[int, str]:
    """The keyed BSN hash of each resident's active vault, in one query; no vault, no hash."""
    vaults = Vault.objects.filter(resident_id__in=set(resident_ids), state=VaultState.ACTIVE)
    rows = vaults.exclude(bsn_hash=None).values_list("resident_id", "bsn_hash")
    return {resident_id: bsn_hash for resident_id, bsn_hash in rows if bsn_hash}
