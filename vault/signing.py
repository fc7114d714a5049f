"""Signatures and fresh keys for other apps: the vault's public face of ``vault.crypto``.

The access log signs its checkpoints and checks its witnesses' cosignatures, and a witness
cosigns, with Ed25519. PyNaCl stays in ``vault.crypto`` alone, and no other app may import
that module (a contract in pyproject.toml), so they sign and verify through here. This is
neither a write nor a read of the database, hence a module of its own rather than services
or selectors; the ``public_modules`` contract lists it as public. The log's hashes are not
here: SHA-256 needs no crypto library, so the gateway takes it from ``hashlib``.
"""

from vault import crypto

__all__ = [
    "ed25519_public_key",
    "ed25519_sign",
    "log_public_key",
    "log_sign",
    "new_key",
    "signature_is_valid",
]


def new_key() -> bytes:
    """32 random bytes from the operating system's generator (a log subject's key)."""
    return crypto.new_key()


def log_sign(data: bytes) -> bytes:
    """Ed25519 signature over ``data`` with the access log's key (ACCESS_LOG_SIGNING_KEY)."""
    return crypto.sign(data)


def log_public_key() -> bytes:
    return crypto.signing_public_key()


def signature_is_valid(data: bytes, signature: bytes, *, public_key: bytes) -> bool:
    """Whether ``signature`` is an Ed25519 signature over ``data`` by ``public_key``.
    A public key of the wrong length raises ValueError."""
    return crypto.verify_signature(data, signature, public_key=public_key)


def ed25519_public_key(seed: bytes) -> bytes:
    """The public key of a 32-byte seed that is not the log's (a witness's key)."""
    return crypto.ed25519_public_key(seed)


def ed25519_sign(seed: bytes, data: bytes) -> bytes:
    """Ed25519 signature with a key other than the log's (a witness's cosignature)."""
    return crypto.ed25519_sign(seed, data)
