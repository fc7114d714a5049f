"""The transparency-log formats the access log and its witnesses both speak. Pure: no database.

- C2SP ``signed-note``: a text ending in a newline, a blank line, then signature lines
  ``— <key name> base64(key id || signature)``. The key id is the first 4 bytes of
  SHA-256(name || 0x0A || signature type || public key).
- C2SP ``tlog-checkpoint``: the note text is the origin, the tree size in decimal and the
  base64 root hash, one per line, then optional extension lines.
- C2SP ``tlog-cosignature`` (``cosignature/v1``): a witness signs
  ``cosignature/v1\\ntime <seconds>\\n`` + the checkpoint text; its signature line carries
  key id || 8-byte big-endian timestamp || Ed25519 signature.
- RFC 9162 §2.1.4.2: verifying a consistency proof between two tree sizes.

Lives in the project package because the witness must not reach into the gateway's app.
See docs/transparency.md.
"""

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from vault import signing

SIGNATURE_ED25519 = 0x01
SIGNATURE_COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space
MAX_SIGNATURES = 100
HASH_SIZE = 32
_DECIMAL = re.compile(r"^(0|[1-9][0-9]{0,18})$")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class NoteError(ValueError):
    """The text is not a well-formed signed note or checkpoint."""


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_id: bytes
    payload: bytes  # what follows the key id: a signature, or a timestamp and a signature

    def line(self) -> str:
        encoded = base64.b64encode(self.key_id + self.payload).decode()
        return f"{SIGNATURE_PREFIX}{self.name} {encoded}\n"


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[NoteSignature, ...]

    def __str__(self) -> str:
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"


@dataclass(frozen=True)
class Verifier:
    """A public key as a C2SP verifier key: ``<name>+<hex key id>+<base64(type || key)>``."""

    name: str
    signature_type: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.signature_type, self.public_key)

    def vkey(self) -> str:
        material = base64.b64encode(bytes([self.signature_type]) + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    def matches(self, signature: NoteSignature) -> bool:
        return signature.name == self.name and signature.key_id == self.key_id


def key_id(name: str, signature_type: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([signature_type]) + public_key).digest()[:4]


def _valid_name(name: str) -> bool:
    return bool(name) and not any(char.isspace() or char == "+" for char in name)


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise NoteError("not standard base64") from None


def parse_verifier(vkey: str) -> Verifier:
    parts = vkey.strip().split("+", 2)  # base64 may hold a plus too
    if len(parts) != 3 or not _valid_name(parts[0]):
        raise NoteError("a verifier key is <name>+<key id>+<key>")
    material = _b64(parts[2])
    if len(material) != 33 or material[0] not in (SIGNATURE_ED25519, SIGNATURE_COSIGNATURE_V1):
        raise NoteError("only Ed25519 verifier keys are supported")
    verifier = Verifier(parts[0], material[0], material[1:])
    if verifier.key_id.hex() != parts[1].lower():
        raise NoteError("the key id does not match the key")
    return verifier


def _parse_signature(line: str) -> NoteSignature:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError("a signature line starts with an em dash and a space")
    name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
    if not _valid_name(name) or " " in encoded:
        raise NoteError("a signature line is '— <name> <base64>'")
    raw = _b64(encoded)
    if len(raw) < 5:
        raise NoteError("a signature is a key id and at least one byte")
    return NoteSignature(name, raw[:4], raw[4:])


def parse_note(message: str) -> Note:
    """C2SP signed-note: split at the last blank line, every line after it a signature."""
    if _CONTROL.search(message):
        raise NoteError("a note holds no control characters but newlines")
    text, separator, signed = message.rpartition("\n\n")
    if not separator or not signed.endswith("\n"):
        raise NoteError("a note is a text, a blank line and signature lines, each ending in \\n")
    lines = signed[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError("too many signatures")
    return Note(text + "\n", tuple(_parse_signature(line) for line in lines))


def parse_checkpoint(text: str) -> Checkpoint:
    """C2SP tlog-checkpoint: origin, decimal size without leading zeros, base64 root hash."""
    if not text.endswith("\n"):
        raise NoteError("a checkpoint ends in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[0] or any(not line for line in lines[3:]):
        raise NoteError("a checkpoint is an origin, a size, a root hash and extension lines")
    if not _DECIMAL.match(lines[1]):
        raise NoteError("the tree size is a decimal number without leading zeros")
    root_hash = _b64(lines[2])
    if len(root_hash) != HASH_SIZE:
        raise NoteError("the root hash is 32 bytes")
    return Checkpoint(lines[0], int(lines[1]), root_hash, tuple(lines[3:]))


def verify_note_signature(text: str, signature: NoteSignature, verifier: Verifier) -> bool:
    """An Ed25519 note signature by ``verifier`` over the note text."""
    if verifier.signature_type != SIGNATURE_ED25519 or not verifier.matches(signature):
        return False
    if len(signature.payload) != 64:
        return False
    return signing.signature_is_valid(
        text.encode(), signature.payload, public_key=verifier.public_key
    )


def cosignature_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


def cosign(text: str, *, name: str, seed: bytes, timestamp: int) -> NoteSignature:
    """A witness's cosignature/v1 over a checkpoint text, at ``timestamp`` (POSIX seconds)."""
    public_key = signing.ed25519_public_key(seed)
    signature = signing.ed25519_sign(seed, cosignature_message(text, timestamp))
    payload = timestamp.to_bytes(8, "big") + signature
    return NoteSignature(name, key_id(name, SIGNATURE_COSIGNATURE_V1, public_key), payload)


def verify_cosignature(text: str, signature: NoteSignature, verifier: Verifier) -> int | None:
    """The cosignature's timestamp when it verifies, else None."""
    if verifier.signature_type != SIGNATURE_COSIGNATURE_V1 or not verifier.matches(signature):
        return None
    if len(signature.payload) != 8 + 64:
        return None
    timestamp = int.from_bytes(signature.payload[:8], "big")
    if timestamp >= 2**63:
        return None
    message = cosignature_message(text, timestamp)
    valid = signing.signature_is_valid(
        message, signature.payload[8:], public_key=verifier.public_key
    )
    return timestamp if valid else None


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_consistency(
    *, first: int, second: int, proof: Sequence[bytes], first_hash: bytes, second_hash: bytes
) -> bool:
    """RFC 9162 §2.1.4.2, step by step."""
    if first > second or first < 0:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof  # the empty tree is a prefix of every tree
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first tree is a node of the second
        path.insert(0, first_hash)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_hash and sr == second_hash


def alarm_message(
    *, witness: str, raised_at: int, reason: str, tree_size: int | None, detail: str
) -> bytes:
    """What a witness signs when it raises an alarm: its own domain, never a cosignature."""
    size = "" if tree_size is None else str(tree_size)
    return (
        f"datameent-witness-alarm/v1\n{witness}\n{raised_at}\n{reason}\n{size}\n{detail}\n".encode()
    )
