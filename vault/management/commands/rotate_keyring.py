"""Activate the first key of the ring and re-wrap every vault's data key under it.

A key wraps data only once every process holds it, so no order of operator steps makes a
read fail (README, "Rotating the key ring"):

1. Each web process's /readyz must list the new key (``--readiness-url``, repeatable, or
   ``VAULT_READINESS_URLS``). One that lacks it or does not answer stops the command before
   anything changes. ``--only-this-process`` skips this for a setup with no other process.
2. The key is activated: from then on every process wraps new data keys under it.
3. Every data key is re-wrapped. Records are not re-encrypted. Each vault is its own
   transaction, so an interrupted run continues where it stopped, and a second run changes
   nothing. Once it reports no failures, the old key can leave VAULT_KEYRING.
"""

import json
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vault.crypto import first_kek_id
from vault.exceptions import CryptoError
from vault.selectors import vault_ids_to_rewrap
from vault.services import kek_activate, vault_rewrap_dek

READINESS_TIMEOUT = 5  # seconds


def held_by(url: str) -> list[str]:
    """The key ids the process behind ``url`` (its /readyz) holds. 503 still answers them."""
    try:
        with urlopen(url, timeout=READINESS_TIMEOUT) as response:  # noqa: S310 - operator's URL
            body = response.read()
    except URLError as error:
        body = getattr(error, "read", lambda: b"")() if hasattr(error, "code") else b""
        if not body:
            raise CommandError(f"{url} does not answer ({error}); nothing was changed.") from None
    except (OSError, ValueError) as error:
        raise CommandError(f"{url} does not answer ({error}); nothing was changed.") from None
    try:
        return list(json.loads(body)["checks"]["keyring"]["key_ids"])
    except (ValueError, KeyError, TypeError):
        raise CommandError(f"{url} is not a Datameent /readyz; nothing was changed.") from None


class Command(BaseCommand):
    help = (
        "Activate the first key of VAULT_KEYRING once every process holds it, then re-wrap "
        "every data key under it. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--readiness-url",
            action="append",
            default=[],
            help="/readyz of a web process (repeat for each); default VAULT_READINESS_URLS",
        )
        parser.add_argument(
            "--only-this-process",
            action="store_true",
            help="no other process uses the key ring (development); skip the readiness check",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = first_kek_id()
        self._check_processes(target, options)
        if kek_activate(kek_id=target):
            self.stdout.write(f"Key {target!r} is now active: new data keys are wrapped under it.")
        self._rewrap(target)

    def _check_processes(self, target: str, options: dict[str, Any]) -> None:
        urls = options["readiness_url"] or list(settings.VAULT_READINESS_URLS)
        if not urls and not options["only_this_process"]:
            raise CommandError(
                "Give the readiness URL of every web process (--readiness-url, or "
                "VAULT_READINESS_URLS), or --only-this-process when no other process runs. "
                "Nothing was changed."
            )
        lacking = [url for url in urls if target not in held_by(url)]
        if lacking:
            raise CommandError(
                f"Key {target!r} is not loaded by {', '.join(lacking)}. Restart those processes "
                "with the new VAULT_KEYRING first. Nothing was changed."
            )

    def _rewrap(self, target: str) -> None:
        vault_ids = vault_ids_to_rewrap()
        rewrapped = failed = 0
        for vault_id in vault_ids:
            try:
                rewrapped += vault_rewrap_dek(vault_id=vault_id)
            except CryptoError as exc:
                failed += 1
                self.stderr.write(f"vault {vault_id}: {exc.__cause__ or exc}")
        self.stdout.write(
            f"Active key {target!r}: {len(vault_ids)} vault(s) to re-wrap, "
            f"{rewrapped} re-wrapped, {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} vault(s) could not be re-wrapped; their old key stays.")
