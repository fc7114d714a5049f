"""``manage.py run_witness``: the transparency log's witness (docs/transparency.md).

Reads only the log's public endpoints over HTTP, keeps its own state file, signs with its
own key. Configuration from the environment (secrets also as ``NAME_FILE``):

- ``WITNESS_NAME``: its key name, a schema-less URL such as ``ap.example/witness``;
- ``WITNESS_SIGNING_KEY``: its Ed25519 seed, 32 bytes in base64;
- ``WITNESS_LOG_URL``: the log's base URL; ``WITNESS_LOG_VKEY``: the log's verifier key;
- ``WITNESS_STATE_FILE``: where it remembers what it cosigned.

In development each falls back to the demo: the client council's key, this server's log.
Exit status: 0 cosigned, 2 refused (and alarmed), 3 the log did not answer.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from datameent import keys, tlog
from vault import signing
from witness.client import LogClient, LogRefused, LogUnreachable
from witness.core import Refusal, Witness

logger = logging.getLogger("datameent.witness")
REFUSED, UNREACHABLE = 2, 3


def _setting(name: str, demo: str | None) -> str:
    value = keys.read_secret(name) or (None if settings.IS_PRODUCTION else demo)
    if not value:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set for the witness")
    return value


def _seed() -> bytes:
    value = keys.read_secret("WITNESS_SIGNING_KEY")
    if value:
        return keys.decode_key("WITNESS_SIGNING_KEY", value)
    if settings.IS_PRODUCTION or not settings.ACCESS_LOG_DEMO_WITNESS_KEY:
        raise ImproperlyConfigured("WITNESS_SIGNING_KEY (or WITNESS_SIGNING_KEY_FILE) must be set")
    return settings.ACCESS_LOG_DEMO_WITNESS_KEY


def _demo_log_vkey() -> str:
    origin = settings.ACCESS_LOG_ORIGIN
    return tlog.Verifier(origin, tlog.SIGNATURE_ED25519, signing.log_public_key()).vkey()


class Command(BaseCommand):
    help = "Cosign the access log's newest checkpoint if it extends the last one cosigned."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="run every SECONDS")
        parser.add_argument("--retries", type=int, default=3)
        parser.add_argument("--backoff", type=float, default=2.0, metavar="SECONDS")
        parser.add_argument("--print-vkey", action="store_true", help="print the public key")

    def _witness(self, options: dict) -> Witness:
        name = _setting("WITNESS_NAME", settings.ACCESS_LOG_DEMO_WITNESS_NAME)
        client = LogClient(
            _setting("WITNESS_LOG_URL", "http://127.0.0.1:8000"),
            retries=options["retries"],
            backoff=options["backoff"],
        )
        state_file = _setting("WITNESS_STATE_FILE", str(settings.VAR_DIR / "witness/state.json"))
        log = tlog.parse_verifier(_setting("WITNESS_LOG_VKEY", _demo_log_vkey()))
        return Witness(name, _seed(), log, client, Path(state_file))

    def handle(self, *args, **options) -> None:
        witness = self._witness(options)
        if options["print_vkey"]:
            public_key = signing.ed25519_public_key(witness.seed)
            vkey = tlog.Verifier(witness.name, tlog.SIGNATURE_COSIGNATURE_V1, public_key).vkey()
            self.stdout.write(vkey)
            return
        while True:
            self._round(witness)
            if not options["loop"]:
                return
            time.sleep(options["loop"])

    def _round(self, witness: Witness) -> None:
        try:
            outcome = witness.run_once()
        except Refusal as refusal:
            raise CommandError(f"Refused: {refusal}", returncode=REFUSED) from None
        except (LogUnreachable, LogRefused) as error:
            logger.error("Witness %s did not cosign: %s", witness.name, error)
            raise CommandError(f"Not cosigned: {error}", returncode=UNREACHABLE) from None
        self.stdout.write(f"{outcome}: {witness.log.name}")
