"""The transparency log over chain heads (issue 14): its leaves, its checkpoints as C2SP
notes, and the witnesses that cosign them. Reads only; the writes are in services.py.

Every checkpoint appends a leaf for each chain head that moved since the one before, so
each tree is a prefix of the next and a witness can check that with a consistency proof.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import QuerySet

from datameent import tlog
from municipal_gateway import encoding, merkle
from municipal_gateway.chains import Head
from municipal_gateway.models import Checkpoint, Cosignature, LogLeaf, WitnessAlarm
from vault import signing

CHECKPOINT_VERSION = 2


def log_verifier(origin: str) -> tlog.Verifier:
    """The log's own key, under its origin as the key name."""
    return tlog.Verifier(origin, tlog.SIGNATURE_ED25519, signing.log_public_key())


def witnesses() -> list[tlog.Verifier]:
    """The witnesses whose cosignatures count (settings.ACCESS_LOG_WITNESSES, and in
    development the client council's demo witness)."""
    found = [tlog.parse_verifier(vkey) for vkey in settings.ACCESS_LOG_WITNESSES]
    if settings.ACCESS_LOG_DEMO_WITNESS_KEY:
        public_key = signing.ed25519_public_key(settings.ACCESS_LOG_DEMO_WITNESS_KEY)
        name = settings.ACCESS_LOG_DEMO_WITNESS_NAME
        found.append(tlog.Verifier(name, tlog.SIGNATURE_COSIGNATURE_V1, public_key))
    return found


def checkpoints() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.filter(version=CHECKPOINT_VERSION)


def latest_checkpoint() -> Checkpoint | None:
    return checkpoints().order_by("-created_at", "-id").first()


def checkpoint_at(size: int) -> Checkpoint | None:
    return checkpoints().filter(tree_size=size).order_by("-created_at", "-id").first()


def leaf_count() -> int:
    last = LogLeaf.objects.order_by("-index").values_list("index", flat=True).first()
    return 0 if last is None else last + 1


def leaf_rows(size: int | None = None) -> list[tuple[str, int, str]]:
    rows = LogLeaf.objects.order_by("index")
    if size is not None:
        rows = rows.filter(index__lt=size)
    return list(rows.values_list("subject_id", "seq", "head_hash"))


def leaf_hashes(size: int | None = None) -> list[bytes]:
    return [merkle.leaf_hash(encoding.leaf(*row)) for row in leaf_rows(size)]


def signed_heads(rows: Iterable[tuple[str, int, str]]) -> dict[str, list[Head]]:
    """Every head each chain had in the log, oldest first."""
    heads: dict[str, list[Head]] = {}
    for subject_id, seq, head_hash in rows:
        heads.setdefault(subject_id, []).append((seq, head_hash))
    return heads


def subject_leaves(subject_id: str) -> list[tuple[int, Head]]:
    rows = LogLeaf.objects.filter(subject_id=subject_id).order_by("index")
    return [(index, (seq, h)) for index, seq, h in rows.values_list("index", "seq", "head_hash")]


def checkpoint_body(checkpoint: Checkpoint) -> str:
    root_hash = bytes.fromhex(checkpoint.root_hash)
    return tlog.Checkpoint(checkpoint.origin, checkpoint.tree_size, root_hash).text()


def log_signature(checkpoint: Checkpoint) -> tlog.NoteSignature:
    verifier = tlog.Verifier(
        checkpoint.origin, tlog.SIGNATURE_ED25519, bytes.fromhex(checkpoint.public_key)
    )
    return tlog.NoteSignature(
        checkpoint.origin, verifier.key_id, bytes.fromhex(checkpoint.signature)
    )


def cosignature_line(cosignature: Cosignature) -> tlog.NoteSignature:
    raw = base64.b64decode(cosignature.signature)
    return tlog.NoteSignature(cosignature.witness_name, raw[:4], raw[4:])


def checkpoint_note(checkpoint: Checkpoint) -> str:
    """The signed note: the log's signature, then every stored cosignature."""
    cosignatures = checkpoint.cosignatures.order_by("witness_name")
    lines = [log_signature(checkpoint), *(cosignature_line(c) for c in cosignatures)]
    return str(tlog.Note(checkpoint_body(checkpoint), tuple(lines)))


def valid_cosignatures(checkpoint: Checkpoint) -> list[tuple[str, datetime]]:
    """(witness, when) of each cosignature that verifies with a configured witness key."""
    body, trusted = checkpoint_body(checkpoint), witnesses()
    found = []
    for cosignature in checkpoint.cosignatures.all():
        line = cosignature_line(cosignature)
        for verifier in trusted:
            timestamp = tlog.verify_cosignature(body, line, verifier)
            if timestamp is not None:
                found.append((verifier.name, datetime.fromtimestamp(timestamp, UTC)))
    return found


@dataclass(frozen=True)
class Witnessed:
    checkpoint: Checkpoint
    witness: str
    cosigned_at: datetime


def latest_witnessed(limit: int = 50) -> Witnessed | None:
    """The newest checkpoint with a cosignature that verifies, and its newest cosignature."""
    candidates = checkpoints().filter(cosignatures__isnull=False).distinct()
    for checkpoint in candidates.order_by("-tree_size", "-created_at", "-id")[:limit]:
        valid = valid_cosignatures(checkpoint)
        if valid:
            witness, when = max(valid, key=lambda item: item[1])
            return Witnessed(checkpoint, witness, when)
    return None


def last_cosigned_at(checkpoint: Checkpoint) -> datetime | None:
    return max((when for _, when in valid_cosignatures(checkpoint)), default=None)


def _last_cosigned(witness: str, limit: int = 20) -> datetime | None:
    """When this witness last cosigned, by the time inside a cosignature that verifies:
    a row someone wrote or re-dated in the database does not count."""
    verifiers = [verifier for verifier in witnesses() if verifier.name == witness]
    rows = Cosignature.objects.filter(witness_name=witness).select_related("checkpoint")
    for cosignature in rows.order_by("-signed_at")[:limit]:
        body, line = checkpoint_body(cosignature.checkpoint), cosignature_line(cosignature)
        for verifier in verifiers:
            timestamp = tlog.verify_cosignature(body, line, verifier)
            if timestamp is not None:
                return datetime.fromtimestamp(timestamp, UTC)
    return None


def open_alarms(limit: int = 200) -> list[WitnessAlarm]:
    """Alarms a witness raised after it last cosigned: it still refuses the log."""
    alarms = list(WitnessAlarm.objects.order_by("-raised_at", "-id")[:limit])
    last = {name: _last_cosigned(name) for name in {alarm.witness_name for alarm in alarms}}
    return [alarm for alarm in alarms if _after(alarm.raised_at, last[alarm.witness_name])]


def _after(moment: datetime, since: datetime | None) -> bool:
    return since is None or moment > since
