"""Secrets and key material from the environment, a ``*_FILE`` path, or (development only) var/.

Keys are never derived from SECRET_KEY: each secret is its own random value.
"""

import base64
import binascii
import json
import logging
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("datameent.keys")

DEV_SECRETS_FILE = "dev-secrets.json"


def read_secret(name: str) -> str | None:
    """Value of ``NAME``, or the contents of the file named by ``NAME_FILE``."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE={path} cannot be read: {exc.strerror}"
            ) from None
    return None


def decode_key(name: str, value: str) -> bytes:
    try:
        key = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{name} is not valid base64") from None
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must hold 32 bytes, it holds {len(key)}")
    return key


def parse_keyring(value: str) -> list[tuple[str, bytes]]:
    """``id:base64key`` entries, separated by commas or new lines. The first is active."""
    ring: list[tuple[str, bytes]] = []
    for raw in value.replace("\n", ",").split(","):
        entry = raw.strip()
        if not entry:
            continue
        kid, sep, encoded = entry.partition(":")
        if not sep or not kid.strip():
            raise ImproperlyConfigured("VAULT_KEYRING entries must look like id:base64key")
        ring.append((kid.strip(), decode_key(f"VAULT_KEYRING[{kid.strip()}]", encoded.strip())))
    ids = [kid for kid, _ in ring]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured("VAULT_KEYRING has a key id more than once")
    if not ring:
        raise ImproperlyConfigured("VAULT_KEYRING is empty")
    return ring


def _new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def dev_secrets(var_dir: Path) -> dict[str, str]:
    """Development secrets under var/, created (mode 0600) on first run."""
    path = var_dir / DEV_SECRETS_FILE
    if path.exists():
        values = json.loads(path.read_text())
        if "DEMO_WITNESS_KEY" not in values:  # a file from before the demo had a witness
            values["DEMO_WITNESS_KEY"] = _new_key()
            path.write_text(json.dumps(values, indent=2))
        return values
    var_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
        "VAULT_KEYRING": f"dev-{os.urandom(4).hex()}:{_new_key()}",
        "BSN_HASH_KEY": _new_key(),
        "ACCESS_LOG_SIGNING_KEY": _new_key(),
        # The client council's witness in the demo (manage.py run_witness; docs/transparency.md).
        "DEMO_WITNESS_KEY": _new_key(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(values, fh, indent=2)
    logger.warning(
        "Created a development key ring in %s. Never use it in production: "
        "set VAULT_KEYRING, BSN_HASH_KEY and ACCESS_LOG_SIGNING_KEY instead.",
        path,
    )
    return values
