"""Re-wrap every vault's data key under the active key-encryption key (KEK).

Records are not re-encrypted. Each vault is its own transaction, so an interrupted run
simply continues where it stopped when started again, and a second run changes nothing.
Once it reports no failures, the old KEK can be removed from VAULT_KEYRING.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vault.crypto import active_kek_id
from vault.exceptions import CryptoError
from vault.selectors import vault_ids_to_rewrap
from vault.services import vault_rewrap_dek


class Command(BaseCommand):
    help = "Re-wrap every data key under the active key-encryption key. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        vault_ids = vault_ids_to_rewrap()
        rewrapped = failed = 0
        for vault_id in vault_ids:
            try:
                rewrapped += vault_rewrap_dek(vault_id=vault_id)
            except CryptoError as exc:
                failed += 1
                self.stderr.write(f"vault {vault_id}: {exc}")
        self.stdout.write(
            f"Active key {active_kek_id()!r}: {len(vault_ids)} vault(s) to re-wrap, "
            f"{rewrapped} re-wrapped, {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} vault(s) could not be re-wrapped; their old key stays.")
