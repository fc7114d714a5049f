"""Reads of the access log. A resident reaches only their own chain, through their LogSubject."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Collate, TruncMonth
from django.utils import timezone

from consent.selectors import current_purposes
from municipal_gateway import encoding, merkle, transparency, verification
from municipal_gateway.chains import Report
from municipal_gateway.constants import UNKNOWN_RESIDENT_SUBJECT_PREFIX
from municipal_gateway.encoding import CONTENT_FIELDS
from municipal_gateway.exceptions import CheckpointNotFound, ProofUnavailable
from municipal_gateway.models import AccessLogEntry, Checkpoint, LogSubject, WitnessAlarm
from municipal_gateway.summaries import EntryCard, entry_cards, summaries_for

if TYPE_CHECKING:
    from accounts.models import User

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


def access_log_cards(entries: list[AccessLogEntry], *, whose: str | None = None) -> list[EntryCard]:
    """Each entry as a card of labelled rows in the page's language (``summaries``).
    ``whose``: the name of the person whose log it is, when someone acting for her reads it."""
    return entry_cards(entries, whose=whose)


def _export_entry(entry: AccessLogEntry, summary: str) -> dict[str, Any]:
    document = encoding.entry_document(entry)
    return {**document, "entry_hash": entry.entry_hash, "summary": summary}


def access_log_export_section(*, resident: User, whose: str | None = None) -> dict[str, Any]:
    """Export: the whole log, with every field its hash covers, so it can be checked offline.
    ``whose``: her name, when someone acting for her downloads it (``entry_summary``)."""
    entries = list(access_log_list_for_resident(resident=resident).order_by("seq"))
    summaries = summaries_for(entries, whose=whose)
    return {
        "access_log": {
            "subject_id": subject_id_for_resident(resident=resident),
            "hashed_fields": ["v", "id", "subject_id", "seq", "prev_hash", *CONTENT_FIELDS],
            "entries": [
                _export_entry(entry, summary)
                for entry, summary in zip(entries, summaries, strict=True)
            ],
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
    note: str
    inclusion_proof: InclusionProof | None


def _inclusion_proof(checkpoint: Checkpoint, subject_id: str | None) -> InclusionProof | None:
    """The newest leaf of the resident's chain within this checkpoint's tree."""
    own = [
        (index, head)
        for index, head in (transparency.subject_leaves(subject_id) if subject_id else [])
        if index < checkpoint.tree_size
    ]
    if not own or subject_id is None:
        return None
    index, (seq, head_hash) = own[-1]
    hashes = transparency.leaf_hashes(checkpoint.tree_size)
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
    body = transparency.checkpoint_body(checkpoint)
    return SignedCheckpoint(
        checkpoint=checkpoint,
        timestamp=encoding.timestamp(checkpoint.created_at),
        signed_message=base64.b64encode(body.encode()).decode(),
        note=transparency.checkpoint_note(checkpoint),
        inclusion_proof=_inclusion_proof(checkpoint, subject_id_for_resident(resident=resident)),
    )


def checkpoint_note(*, size: int | None = None) -> str:
    """The published checkpoint (the latest, or the one of this tree size) as a signed note,
    with every cosignature stored beside it."""
    checkpoint = (
        transparency.latest_checkpoint() if size is None else transparency.checkpoint_at(size)
    )
    if checkpoint is None:
        raise CheckpointNotFound()
    return transparency.checkpoint_note(checkpoint)


def consistency_proof(*, first: int, second: int) -> list[bytes]:
    """RFC 9162 consistency proof between two published tree sizes, ``first <= second``."""
    if first > second or not all(transparency.checkpoint_at(size) for size in (first, second)):
        raise ProofUnavailable()
    return merkle.consistency_proof(transparency.leaf_hashes(second), first)


@dataclass(frozen=True)
class WitnessStatus:
    """Who witnessed the log last, and whether that is too long ago (docs/transparency.md)."""

    witness: str | None
    witnessed_size: int | None
    last_cosigned_at: datetime | None
    latest_size: int | None
    stale: bool
    max_age_hours: int
    refusals: list[WitnessAlarm]


def _stale(latest: Checkpoint | None, now: datetime) -> bool:
    """The newest checkpoint went without a fresh cosignature for longer than allowed."""
    if latest is None:
        return False
    since = transparency.last_cosigned_at(latest) or latest.created_at
    return (now - since).total_seconds() > settings.ACCESS_LOG_WITNESS_MAX_AGE


def witness_status() -> WitnessStatus:
    latest = transparency.latest_checkpoint()
    witnessed = transparency.latest_witnessed()
    return WitnessStatus(
        witness=witnessed.witness if witnessed else None,
        witnessed_size=witnessed.checkpoint.tree_size if witnessed else None,
        last_cosigned_at=witnessed.cosigned_at if witnessed else None,
        latest_size=latest.tree_size if latest else None,
        stale=_stale(latest, timezone.now()),
        max_age_hours=max(1, settings.ACCESS_LOG_WITNESS_MAX_AGE // 3600),
        refusals=transparency.open_alarms(),
    )


@dataclass(frozen=True)
class Verification:
    report: Report
    witness: WitnessStatus


def witness_refusals(*, limit: int = 20) -> list[WitnessAlarm]:
    """Every refusal, newest first, for the client council."""
    return list(WitnessAlarm.objects.order_by("-raised_at", "-id")[:limit])


# What aggregate statistics may group the log by: never a subject, caseworker or record.
COUNT_GROUPS = frozenset({"month", "purpose_code", "outcome", "reason"})


def _byte_ordered(field: str) -> Any:
    """Subject ids compared byte by byte on PostgreSQL: counting distinct ids sorts them,
    and under the database's collation that sort was most of a month's recount (10M
    entries: 3.3 s, 1.5 s byte-wise; docs/benchmarks.md). The ids are hex or a fixed
    prefix, so byte order is a valid order for them."""
    return Collate(field, "C") if connection.vendor == "postgresql" else F(field)


def access_log_counts(
    *, start: datetime, end: datetime, by: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Attempts in ``[start, end)``, grouped ``by`` (see ``COUNT_GROUPS``; ``month`` is the
    first day of the local month), with ``attempts`` and ``residents``: the number of
    different residents they were about. Attempts about nobody we know count as attempts,
    not as residents. Erased residents still count, under their pseudonymous subject id.

    A caseworker may send any text as the purpose code; codes outside the purpose register
    are grouped as one ``""``, so what someone typed (a name, a BSN) never becomes a group."""
    if not set(by) <= COUNT_GROUPS:
        raise ValueError(f"cannot group the access log by {sorted(set(by) - COUNT_GROUPS)}")
    entries = AccessLogEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    if "month" in by:
        entries = entries.annotate(month=TruncMonth("occurred_at", output_field=DateField()))
    if "purpose_code" in by:
        registered = [version.purpose.code for version in current_purposes()]
        entries = entries.annotate(
            purpose=Case(
                When(purpose_code__in=registered, then=F("purpose_code")),
                default=Value(""),
                output_field=CharField(),
            )
        )
        by = tuple("purpose" if name == "purpose_code" else name for name in by)
    known = ~Q(subject_id__startswith=UNKNOWN_RESIDENT_SUBJECT_PREFIX)
    counts = {
        "attempts": Count("id"),
        "residents": Count(_byte_ordered("subject_id"), distinct=True, filter=known),
    }
    if not by:
        # values() without fields would select every column and count each entry apart.
        return [entries.aggregate(**counts)]
    rows = list(entries.values(*by).annotate(**counts).order_by(*by))
    for row in rows:
        if "purpose" in row:  # values() cannot reuse the field's own name for the annotation
            row["purpose_code"] = row.pop("purpose")
    return rows


# -- for the privacy officer's objections and alerts (objections app) ---------------------


def access_log_entry_for_resident(*, resident: User, entry_id: Any) -> AccessLogEntry | None:
    """One entry of the resident's own chain, or None (another's entry, or no such id)."""
    return access_log_list_for_resident(resident=resident).filter(id=entry_id).first()


def resident_for_subject(*, subject_id: str) -> User | None:
    """The resident behind a chain; None once erasure destroyed the link."""
    subject = LogSubject.objects.select_related("resident").filter(subject_id=subject_id).first()
    return subject.resident if subject is not None else None


def resident_ids_for_subjects(*, subject_ids: Iterable[str]) -> dict[str, int]:
    """The resident behind each chain, in one query; a chain whose link erasure destroyed
    is left out."""
    subjects = LogSubject.objects.filter(subject_id__in=set(subject_ids), resident__isnull=False)
    return dict(subjects.values_list("subject_id", "resident_id"))


def access_log_entries_between(*, start: datetime, end: datetime) -> QuerySet[AccessLogEntry]:
    """Every entry in ``[start, end)``, oldest first: metadata for the alert rules."""
    entries = AccessLogEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    return entries.order_by("occurred_at", "id")


def access_log_entries_by_ids(*, ids: list[Any]) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(id__in=ids).order_by("occurred_at", "id")
