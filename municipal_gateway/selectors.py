"""Reads of the access log. A resident reaches only their own chain, through their LogSubject."""

import base64
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from municipal_gateway import encoding, merkle, verification
from municipal_gateway.chains import Report
from municipal_gateway.encoding import CONTENT_FIELDS
from municipal_gateway.exceptions import CheckpointNotFound
from municipal_gateway.models import AccessLogEntry, Checkpoint, LogSubject
from municipal_gateway.summaries import entry_summary

_FIRST_YEAR, _LAST_YEAR = 1900, 9998


def _own_subject_ids(resident: User) -> QuerySet[LogSubject, Any]:
    if resident.pk is None:
        # Never filter on resident IS NULL: that would match every forgotten subject.
        return LogSubject.objects.none().values("subject_id")
    return LogSubject.objects.filter(resident_id=resident.pk).values("subject_id")


def subject_id_for_resident(*, resident: User) -> str | None:
    return _own_subject_ids(resident).values_list("subject_id", flat=True).first()


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_period(
    entries: QuerySet[AccessLogEntry], date_from: date | None, date_to: date | None
) -> QuerySet[AccessLogEntry]:
    """Inclusive local days. Years outside 1900-9998 hold no entries and have no usable
    local midnight, so they are decided without one."""
    if (date_from and date_from.year > _LAST_YEAR) or (date_to and date_to.year < _FIRST_YEAR):
        return entries.none()
    if date_from and date_from.year >= _FIRST_YEAR:
        entries = entries.filter(occurred_at__gte=_local_midnight(date_from))
    if date_to and date_to.year <= _LAST_YEAR:
        entries = entries.filter(occurred_at__lt=_local_midnight(date_to + timedelta(days=1)))
    return entries


def access_log_list_for_resident(
    *,
    resident: User,
    date_from: date | None = None,
    date_to: date | None = None,
    purpose_code: str | None = None,
    outcome: str | None = None,
) -> QuerySet[AccessLogEntry]:
    """The resident's own entries, newest first. ``date_from`` and ``date_to`` are inclusive
    local days. Anyone without a chain of their own (staff, superusers) gets nothing."""
    entries = AccessLogEntry.objects.filter(subject_id__in=_own_subject_ids(resident))
    entries = _in_period(entries, date_from, date_to)
    if purpose_code:
        entries = entries.filter(purpose_code=purpose_code)
    if outcome:
        entries = entries.filter(outcome=outcome)
    return entries.order_by("-seq")


def _export_entry(entry: AccessLogEntry) -> dict[str, Any]:
    document = encoding.entry_document(entry)
    return {**document, "entry_hash": entry.entry_hash, "summary": entry_summary(entry)}


def access_log_export_section(*, resident: User) -> dict[str, Any]:
    """Export: the whole log, with every field its hash covers, so it can be checked offline."""
    entries = access_log_list_for_resident(resident=resident).order_by("seq")
    return {
        "access_log": {
            "subject_id": subject_id_for_resident(resident=resident),
            "hashed_fields": ["v", "id", "subject_id", "seq", "prev_hash", *CONTENT_FIELDS],
            "entries": [_export_entry(entry) for entry in entries],
        }
    }


def access_log_verify_for_resident(*, resident: User) -> Report:
    subject_id = subject_id_for_resident(resident=resident)
    if subject_id is None:
        return Report()
    return verification.verify_subject(subject_id)


@dataclass(frozen=True)
class InclusionProof:
    leaf_index: int
    subject_id: str
    seq: int
    head_hash: str
    leaf_hash: str
    audit_path: list[str]


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    timestamp: str
    signed_message: str
    inclusion_proof: InclusionProof | None


def _inclusion_proof(checkpoint: Checkpoint, subject_id: str | None) -> InclusionProof | None:
    subjects = [head[0] for head in checkpoint.heads]
    index = bisect_left(subjects, subject_id) if subject_id else len(subjects)
    if index >= len(subjects) or subjects[index] != subject_id:
        return None
    hashes = [merkle.leaf_hash(encoding.leaf(*head)) for head in checkpoint.heads]
    _, seq, head_hash = checkpoint.heads[index]
    return InclusionProof(
        leaf_index=index,
        subject_id=subject_id,
        seq=seq,
        head_hash=head_hash,
        leaf_hash=hashes[index].hex(),
        audit_path=[node.hex() for node in merkle.inclusion_proof(hashes, index)],
    )


def checkpoint_latest_for_resident(*, resident: User) -> SignedCheckpoint:
    """The latest checkpoint, and the proof that the resident's chain head is in it."""
    checkpoint = verification.latest_checkpoint()
    if checkpoint is None:
        raise CheckpointNotFound()
    message = encoding.checkpoint_message(
        root_hash=checkpoint.root_hash,
        tree_size=checkpoint.tree_size,
        created_at=checkpoint.created_at,
    )
    return SignedCheckpoint(
        checkpoint=checkpoint,
        timestamp=encoding.timestamp(checkpoint.created_at),
        signed_message=base64.b64encode(message).decode(),
        inclusion_proof=_inclusion_proof(checkpoint, subject_id_for_resident(resident=resident)),
    )
