"""All cryptography of Datameent. The only module that imports ``nacl``.

- Key-encryption keys (KEKs) come from settings.VAULT_KEYRING. Which one wraps new data
  keys is recorded in the database (``vault.selectors.active_kek_id``): the first of the
  ring only becomes that once ``rotate_keyring`` has activated it.
- Every vault has its own data key (DEK), stored only wrapped by a KEK.
- Records and documents are sealed with XChaCha20-Poly1305 (``nacl.secret.Aead``); the
  associated data binds each ciphertext to its resident, record, version and category.
- Failures raise and never return partial plaintext.
"""

import hashlib
import hmac
import re
from uuid import UUID

import nacl.exceptions
import nacl.signing
import nacl.utils
from django.conf import settings
from nacl.secret import Aead

from vault.exceptions import DecryptionError, UnknownKeyError

KEY_BYTES = Aead.KEY_SIZE


def new_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def _keyring() -> list[tuple[str, bytes]]:
    return list(settings.VAULT_KEYRING)


def first_kek_id() -> str:
    """The first key of this process's ring: the one ``rotate_keyring`` activates."""
    return _keyring()[0][0]


def held_kek_ids() -> list[str]:
    return [kid for kid, _ in _keyring()]


def _kek(kek_id: str) -> bytes:
    for kid, key in _keyring():
        if kid == kek_id:
            return key
    raise UnknownKeyError(f"Key-encryption key {kek_id!r} is not in the key ring")


def _dek_aad(vault_id: UUID) -> bytes:
    return f"datameent/dek/v1|vault={vault_id}".encode()


def wrap_dek(dek: bytes, *, vault_id: UUID, kek_id: str) -> tuple[str, bytes]:
    return kek_id, bytes(Aead(_kek(kek_id)).encrypt(dek, _dek_aad(vault_id)))


def unwrap_dek(wrapped: bytes | memoryview | None, *, kek_id: str, vault_id: UUID) -> bytes:
    if not wrapped:
        raise DecryptionError("This vault has no data key (it was erased)")
    try:
        return Aead(_kek(kek_id)).decrypt(bytes(wrapped), _dek_aad(vault_id))
    except nacl.exceptions.CryptoError:
        raise DecryptionError("The data key failed authentication") from None


def record_aad(*, vault_id: UUID, record_id: UUID, version: int, category: str, part: str) -> bytes:
    return (
        f"datameent/record/v1|vault={vault_id}|record={record_id}"
        f"|version={version}|category={category}|part={part}"
    ).encode()


def encrypt(dek: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    return bytes(Aead(dek).encrypt(plaintext, aad))


def decrypt(dek: bytes, ciphertext: bytes | memoryview, *, aad: bytes) -> bytes:
    try:
        return Aead(dek).decrypt(bytes(ciphertext), aad)
    except nacl.exceptions.CryptoError:
        raise DecryptionError("A ciphertext failed authentication") from None


_BSN_RE = re.compile(r"^\d{9}$")


def bsn_is_valid(bsn: str) -> bool:
    """The Dutch eleven test (elfproef) for a BSN."""
    if not _BSN_RE.match(bsn):
        return False
    digits = [int(c) for c in bsn]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and bsn != "000000000"


def bsn_hash(bsn: str) -> str:
    """Keyed hash (HMAC-SHA256) of a BSN, so it can be looked up without being stored."""
    return hmac.new(settings.BSN_HASH_KEY, bsn.encode(), hashlib.sha256).hexdigest()


def _signing_key() -> nacl.signing.SigningKey:
    return nacl.signing.SigningKey(settings.ACCESS_LOG_SIGNING_KEY)


def sign(data: bytes) -> bytes:
    """Ed25519 signature over ``data`` with the access-log signing key."""
    return bytes(_signing_key().sign(data).signature)


def signing_public_key() -> bytes:
    return bytes(_signing_key().verify_key)


def verify_signature(data: bytes, signature: bytes, *, public_key: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(public_key).verify(data, signature)
    except nacl.exceptions.BadSignatureError:
        return False
    return True


def ed25519_public_key(seed: bytes) -> bytes:
    """The Ed25519 public key of a 32-byte seed (a witness's key, for example)."""
    return bytes(nacl.signing.SigningKey(seed).verify_key)


def ed25519_sign(seed: bytes, data: bytes) -> bytes:
    """Ed25519 signature with a key other than the access log's (a witness's cosignature)."""
    return bytes(nacl.signing.SigningKey(seed).sign(data).signature)
