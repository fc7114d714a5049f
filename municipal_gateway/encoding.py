"""The canonical encoding of entries, leaves and checkpoints. See docs/access-log.md.

Deterministic JSON: sorted keys, no whitespace, UTF-8, UTC timestamps with microseconds,
integers as integers. Every hash is SHA-256 over a domain-separated encoding.
"""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from municipal_gateway.constants import (
    ENCODING_VERSION,
    ENTRY_HASH_DOMAIN,
    SUBJECT_ID_DOMAIN,
)
from municipal_gateway.models import AccessLogEntry

# Everything an entry says. Changing any of these changes its hash.
CONTENT_FIELDS = (
    "occurred_at",
    "started_at",
    "operation",
    "caseworker_id",
    "caseworker_name",
    "department_code",
    "department_name",
    "organisation_name",
    "organisation_oin",
    "purpose_code",
    "purpose_version",
    "purpose_name",
    "legal_basis",
    "grant_id",
    "categories_requested",
    "categories_returned",
    "record_ids",
    "outcome",
    "reason",
    "stated_reason",
    "trace_id",
    "span_id",
    "parent_span_id",
    "request_id",
)
# Added later: covered by the hash when set, left out when empty, so the hashes of entries
# written before them stay what they were.
OPTIONAL_FIELDS = ("login_method", "login_assurance")


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _value(value: Any) -> Any:
    return timestamp(value) if isinstance(value, datetime) else value


def entry_document(entry: AccessLogEntry, *, seq: int | None = None) -> dict[str, Any]:
    """What the entry hash covers. ``seq`` asks what the hash would be at another position."""
    document = {name: _value(getattr(entry, name)) for name in CONTENT_FIELDS}
    document.update(
        {name: getattr(entry, name) for name in OPTIONAL_FIELDS if getattr(entry, name)}
    )
    document.update(
        v=ENCODING_VERSION,
        id=str(entry.id),
        subject_id=entry.subject_id,
        seq=entry.seq if seq is None else seq,
        prev_hash=entry.prev_hash,
    )
    return document


def entry_hash(entry: AccessLogEntry, *, seq: int | None = None) -> str:
    document = canonical(entry_document(entry, seq=seq))
    return hashlib.sha256(ENTRY_HASH_DOMAIN + document).hexdigest()


def leaf(subject_id: str, seq: int, head_hash: str) -> bytes:
    """One Merkle leaf: a chain head."""
    return canonical([subject_id, seq, head_hash])


def subject_id_from_key(key: bytes) -> str:
    return hashlib.sha256(SUBJECT_ID_DOMAIN + key).hexdigest()
