"""Give one resident's vault a fresh data key and re-encrypt all its records and versions."""

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vault.exceptions import VaultNotFound
from vault.selectors import vault_for_resident
from vault.services import vault_rotate_dek


class Command(BaseCommand):
    help = "Rotate the data key (DEK) of one vault, re-encrypting its records."

    def add_arguments(self, parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--resident", metavar="USERNAME", help="the resident's username")
        target.add_argument("--vault", metavar="UUID", help="the vault's id")

    def handle(self, *args: Any, **options: Any) -> None:
        vault_id = self._vault_id(resident=options["resident"], vault=options["vault"])
        try:
            vault_rotate_dek(vault_id=vault_id)
        except VaultNotFound:
            raise CommandError(f"There is no active vault {vault_id}.") from None
        self.stdout.write(f"Vault {vault_id} has a new data key; its records are re-encrypted.")

    def _vault_id(self, *, resident: str | None, vault: str | None) -> UUID:
        if vault is not None:
            try:
                return UUID(vault)
            except ValueError:
                raise CommandError(f"{vault!r} is not a vault id (UUID).") from None
        user = get_user_model()._default_manager.filter(username=resident).first()
        try:
            if user is None:
                raise VaultNotFound()
            return vault_for_resident(resident=user).id
        except VaultNotFound:
            raise CommandError(f"Resident {resident!r} has no active vault.") from None
