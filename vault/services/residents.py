"""A resident is a user with a vault; the vault holds the keyed hash of the BSN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from accounts.constants import Role
from accounts.services import user_create
from vault import crypto
from vault.exceptions import BsnTaken, InvalidBsn
from vault.models import Vault
from vault.services.keys import dek_wrap

if TYPE_CHECKING:
    from accounts.models import User


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
    vault.kek_id, vault.wrapped_dek = dek_wrap(crypto.new_key(), vault=vault)
    vault.save()
    return vault
