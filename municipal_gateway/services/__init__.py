"""The gateway's services. Here: writes to the access log (append an entry, forget a subject,
sign a checkpoint). The caseworker's read path, which logs every attempt through them:
``reads`` (``records_read``), ``lookups`` (``resident_lookup``, by BSN), ``references``
(a department's reference to a resident), with ``attempts`` (what every attempt shares) and
``statements`` (the read in one statement on PostgreSQL). Other apps use them from here."""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from datameent import tlog
from datameent.rows import insert_sql, instance, prepared
from municipal_gateway import encoding, merkle, transparency
from municipal_gateway.constants import (
    GENESIS_HASH,
    LEGAL_BASIS_CONSENT,
    MAX_STATED_REASON_LENGTH,
    UNKNOWN_RESIDENT_SUBJECT_PREFIX,
    Operation,
    Outcome,
)
from municipal_gateway.exceptions import (  # noqa: F401 - the read path's errors, for other apps
    AccessLogUnavailable,
    AccessRefused,
    CheckpointNotFound,
    InvalidCosignature,
    InvalidNote,
    ResidentNotFound,
    UnknownWitness,
)
from municipal_gateway.models import (
    AccessLogEntry,
    ChainHead,
    Checkpoint,
    Cosignature,
    LogLeaf,
    LogSubject,
    WitnessAlarm,
)
from vault import signing

if TYPE_CHECKING:
    from accounts.models import Department, User

_TRACE_ID = re.compile(r"^[0-9a-f]{32}$")
_SPAN_ID = re.compile(r"^[0-9a-f]{16}$")


def _log_subject_create(*, resident: User) -> LogSubject:
    key = signing.new_key()
    try:
        with transaction.atomic():
            return LogSubject.objects.create(
                resident=resident, key=key, subject_id=encoding.subject_id_from_key(key)
            )
    except IntegrityError:
        # A concurrent first append for this resident created it; use theirs.
        return LogSubject.objects.get(resident=resident)


def _subject_id(*, resident: User | None, caseworker: User) -> str:
    if resident is None:
        return f"{UNKNOWN_RESIDENT_SUBJECT_PREFIX}{caseworker.pk}"
    subject = LogSubject.objects.filter(resident=resident).only("subject_id").first()
    return (subject or _log_subject_create(resident=resident)).subject_id


def _locked_head(subject_id: str) -> ChainHead:
    """This subject's chain head, locked until the caller's transaction ends."""
    head = ChainHead.objects.select_for_update().filter(subject_id=subject_id).first()
    if head is not None:
        return head
    ChainHead.objects.get_or_create(subject_id=subject_id, defaults={"head_hash": GENESIS_HASH})
    return ChainHead.objects.select_for_update().get(subject_id=subject_id)


# The hot path: a known resident's subject and chain head in one plain statement (no ORM
# to compile; psycopg prepares it on PostgreSQL), locked until the transaction ends.
_RESIDENT_HEAD = (
    "SELECT h.id, h.subject_id, h.seq, h.head_hash FROM municipal_gateway_chainhead h"
    " WHERE h.subject_id = (SELECT s.subject_id FROM municipal_gateway_logsubject s"
    " WHERE s.resident_id = %s)"
)
_ENTRY_NAMES = [field.attname for field in AccessLogEntry._meta.concrete_fields]
_INSERT_ENTRY = insert_sql(AccessLogEntry, _ENTRY_NAMES)
_ENTRY_PARAMS = prepared(AccessLogEntry, _ENTRY_NAMES)
_MOVE_HEAD = (
    "UPDATE municipal_gateway_chainhead SET seq = %s, head_hash = %s, updated_at = %s WHERE id = %s"
)


def _locked_resident_head(resident_id: int) -> ChainHead | None:
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(_RESIDENT_HEAD + lock, [resident_id])
        row = cursor.fetchone()
    return None if row is None else head_from_row(row)


def head_from_row(row: Sequence[Any]) -> ChainHead:
    """A chain head from (id, subject_id, seq, head_hash)."""
    head_id, subject_id, seq, head_hash = row
    head: ChainHead = instance(
        ChainHead,
        using=connection.alias,
        id=head_id,
        subject_id=subject_id,
        seq=seq,
        head_hash=head_hash,
    )
    return head


def _head_for(*, resident: User | None, caseworker: User) -> ChainHead:
    """The chain head the attempt goes to, locked. Made on the first attempt about someone."""
    if resident is not None:
        head = _locked_resident_head(resident.pk)
        if head is not None:
            return head
    return _locked_head(_subject_id(resident=resident, caseworker=caseworker))


def _chain_write_sql(entry: AccessLogEntry, head: ChainHead) -> tuple[str, list[Any], str, list]:
    """The entry's INSERT and the head's move to it, each with its parameters."""
    params = _ENTRY_PARAMS([getattr(entry, name) for name in _ENTRY_NAMES], connection)
    moved: list[Any] = [
        entry.seq,
        entry.entry_hash,
        connection.ops.adapt_datetimefield_value(entry.occurred_at),
        head.pk,
    ]
    return _INSERT_ENTRY, params, _MOVE_HEAD, moved


Also = Callable[[AccessLogEntry], tuple[str, list[Any]]]


def _chain_write(entry: AccessLogEntry, head: ChainHead, also: Also | None) -> None:
    """Insert the entry, run ``also``'s statement (built for the entry) and move the head to
    the entry: one statement on PostgreSQL."""
    insert, params, move, moved = _chain_write_sql(entry, head)
    extra, extra_params = also(entry) if also else ("", [])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with_also = f", also AS ({extra})" if extra else ""
            statement = f"WITH appended AS ({insert}){with_also} {move}"
            cursor.execute(statement, [*params, *extra_params, *moved])
        else:
            cursor.execute(insert, params)
            if extra:
                cursor.execute(extra, extra_params)
            cursor.execute(move, moved)
        if cursor.rowcount != 1:
            raise RuntimeError("The chain head moved away while it was locked")


def _trace_part(value: str, pattern: re.Pattern[str], size: int, *, name: str) -> str:
    if not value:
        return secrets.token_hex(size)
    if not pattern.match(value) or not value.strip("0"):
        raise ValueError(f"{name} must be {size * 2} lowercase hex digits, not all zero")
    return value


def _parent_span(value: str) -> str:
    return value and _trace_part(value, _SPAN_ID, 8, name="parent_span_id")


def _snapshot_department(department: Department | None) -> dict[str, str]:
    if department is None:
        return {}
    return {
        "department_code": department.code,
        "department_name": department.name,
        "organisation_name": department.organisation.name,
        "organisation_oin": department.organisation.oin,
    }


def _check_outcome(*, outcome: str, reason: str, record_ids: list[str]) -> None:
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    if outcome != Outcome.ALLOWED and record_ids:
        raise ValueError("Only an allowed attempt returns records")
    if not reason:
        raise ValueError("Every entry needs a reason code")


def access_log_append(
    *,
    resident: User | None,
    caseworker: User,
    department: Department | None,
    purpose_code: str,
    purpose_version: int | None,
    purpose_name: str,
    outcome: str,
    reason: str,
    operation: str = Operation.RECORDS_READ,
    grant_id: int | UUID | str | None = None,
    categories_requested: Iterable[str] = (),
    categories_returned: Iterable[str] = (),
    record_ids: Iterable[UUID | str] = (),
    stated_reason: str = "",
    trace_id: str = "",
    span_id: str = "",
    parent_span_id: str = "",
    request_id: str = "",
    started_at: datetime | None = None,
    login_method: str = "",
    login_assurance: str = "",
    head: ChainHead | None = None,
    also: Also | None = None,
) -> AccessLogEntry:
    """Append one attempt to the subject's chain, inside the caller's transaction.

    ``head``: the chain head of the resident, locked already in this transaction (the
    gateway's single read statement). ``also``: a statement to write with the entry, built
    for it (the resident's notification), in the same round trip on PostgreSQL.

    Raises when the entry cannot be written; the caller's read then fails with it, so no
    data leaves without an entry. ``resident=None`` records an attempt about nobody known.
    """
    returned_ids = sorted({str(record_id) for record_id in record_ids})
    _check_outcome(outcome=outcome, reason=reason, record_ids=returned_ids)
    if len(stated_reason) > MAX_STATED_REASON_LENGTH:
        raise ValueError("The stated reason is too long")
    entry = AccessLogEntry(
        operation=operation,
        caseworker_id=caseworker.pk,
        caseworker_name=caseworker.display_name,
        purpose_code=purpose_code,
        purpose_version=purpose_version,
        purpose_name=purpose_name,
        legal_basis=LEGAL_BASIS_CONSENT,
        grant_id="" if grant_id is None else str(grant_id),
        categories_requested=sorted(set(categories_requested)),
        categories_returned=sorted(set(categories_returned)),
        record_ids=returned_ids,
        outcome=outcome,
        reason=reason,
        stated_reason=stated_reason,
        trace_id=_trace_part(trace_id, _TRACE_ID, 16, name="trace_id"),
        span_id=_trace_part(span_id, _SPAN_ID, 8, name="span_id"),
        parent_span_id=_parent_span(parent_span_id),
        request_id=request_id,
        login_method=login_method,
        login_assurance=login_assurance,
        **_snapshot_department(department),
    )
    # No savepoint of its own: a failed write must fail the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        head = head or _head_for(resident=resident, caseworker=caseworker)
        # Taken under the chain lock, so time never runs backwards within a chain.
        now = timezone.now()
        entry.subject_id, entry.seq, entry.prev_hash = head.subject_id, head.seq + 1, head.head_hash
        entry.occurred_at, entry.started_at = now, started_at or now
        entry.entry_hash = encoding.entry_hash(entry)
        _chain_write(entry, head, also)
    entry._state.adding = False
    return entry


@transaction.atomic
def access_log_forget_subject(*, resident: User) -> None:
    """Erasure step: destroy the pseudonym key and the link. Entries stay, and stay counted."""
    LogSubject.objects.filter(resident=resident).update(
        resident=None, key=None, forgotten_at=timezone.now()
    )


def _current_heads() -> list[list]:
    rows = ChainHead.objects.filter(seq__gt=0).values_list("subject_id", "seq", "head_hash")
    # Sorted in Python (code point order), never by a database collation.
    return sorted([list(row) for row in rows], key=lambda head: head[0])


def _moved_heads() -> list[list]:
    """The chain heads that are not yet the newest leaf of their chain in the log."""
    logged = {
        subject_id: (heads[-1][0], heads[-1][1])
        for subject_id, heads in transparency.signed_heads(transparency.leaf_rows()).items()
    }
    return [head for head in _current_heads() if logged.get(head[0]) != (head[1], head[2])]


# Any constant: the key of the lock that lets one process at a time append to the log.
_CHECKPOINT_LOCK = 0x646D_6C6F


def _lock_the_log() -> None:
    """Two signers at once would number their leaves alike; SQLite serialises writes anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHECKPOINT_LOCK])


@transaction.atomic
def checkpoint_create() -> Checkpoint:
    """Append the chain heads that moved to the log and sign a C2SP checkpoint over it.
    Nothing moved since the last one: reuse it."""
    _lock_the_log()
    size = transparency.leaf_count()
    latest = transparency.latest_checkpoint()
    moved = _moved_heads()
    if latest and not moved and latest.tree_size == size:
        return latest
    LogLeaf.objects.bulk_create(
        LogLeaf(index=size + offset, subject_id=subject_id, seq=seq, head_hash=head_hash)
        for offset, (subject_id, seq, head_hash) in enumerate(moved)
    )
    size += len(moved)
    origin = settings.ACCESS_LOG_ORIGIN
    root_hash = merkle.root_from_hashes(transparency.leaf_hashes(size))
    body = tlog.Checkpoint(origin, size, root_hash).text()
    return Checkpoint.objects.create(
        created_at=timezone.now(),
        tree_size=size,
        root_hash=root_hash.hex(),
        signature=signing.log_sign(body.encode()).hex(),
        public_key=signing.log_public_key().hex(),
        origin=origin,
    )


def _witness(name: str) -> tlog.Verifier:
    for verifier in transparency.witnesses():
        if verifier.name == name:
            return verifier
    raise UnknownWitness()


@transaction.atomic
def cosignature_add(*, note: str) -> list[Cosignature]:
    """Store the cosignatures of known witnesses in a posted note, beside the checkpoint
    they sign. The signature is the authentication: a line that does not verify is refused."""
    try:
        parsed = tlog.parse_note(note)
        checkpoint = _checkpoint_for(parsed.text)
    except tlog.NoteError:
        raise InvalidNote() from None
    stored = []
    for line in parsed.signatures:
        verifier = next((w for w in transparency.witnesses() if w.matches(line)), None)
        if verifier is None:
            continue  # the log's own line, or a witness this log does not know: ignored
        timestamp = tlog.verify_cosignature(parsed.text, line, verifier)
        if timestamp is None:
            raise InvalidCosignature()
        stored.append(_cosignature_store(checkpoint, line, timestamp))
    if not stored:
        raise UnknownWitness()
    return stored


def _checkpoint_for(text: str) -> Checkpoint:
    posted = tlog.parse_checkpoint(text)
    checkpoint = transparency.checkpoint_at(posted.size)
    if checkpoint is None or transparency.checkpoint_body(checkpoint) != text:
        raise CheckpointNotFound()
    return checkpoint


def _cosignature_store(checkpoint: Checkpoint, line: tlog.NoteSignature, timestamp: int):
    signed_at = datetime.fromtimestamp(timestamp, UTC)
    encoded = base64.b64encode(line.key_id + line.payload).decode()
    cosignature, _ = Cosignature.objects.update_or_create(
        checkpoint=checkpoint,
        witness_name=line.name,
        defaults={"signed_at": signed_at, "signature": encoded},
    )
    return cosignature


@transaction.atomic
def witness_alarm_add(
    *,
    witness: str,
    raised_at: int,
    reason: str,
    tree_size: int | None,
    detail: str,
    signature: bytes,
) -> WitnessAlarm:
    """A witness refused a checkpoint. Signed with its key, so nobody else can raise or fake one."""
    verifier = _witness(witness)
    message = tlog.alarm_message(
        witness=witness, raised_at=raised_at, reason=reason, tree_size=tree_size, detail=detail
    )
    if not signing.signature_is_valid(message, signature, public_key=verifier.public_key):
        raise InvalidCosignature()
    return WitnessAlarm.objects.create(
        witness_name=witness,
        reason=reason,
        detail=detail,
        tree_size=tree_size,
        raised_at=datetime.fromtimestamp(raised_at, UTC),
    )
