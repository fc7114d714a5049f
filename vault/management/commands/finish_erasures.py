"""Remove the rows of vaults whose erasure was interrupted after the data key was destroyed.

Those vaults already decrypt nothing; this only completes the clean-up. Safe to run any time.
"""

from typing import Any

from django.core.management.base import BaseCommand

from vault.services import vault_erasures_finish


class Command(BaseCommand):
    help = "Finish interrupted vault erasures (the data keys are already destroyed)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = vault_erasures_finish()
        self.stdout.write(f"Finished {count} interrupted erasure(s).")
