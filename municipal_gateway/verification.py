"""Verification against the database: every chain, or one, and the latest checkpoint.

Reads only; used by the selectors and by ``manage.py verify_access_log``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter
from typing import Any

from django.db import connection, transaction

from municipal_gateway import encoding, merkle
from municipal_gateway.chains import Finding, Head, Report, verify_chain
from municipal_gateway.constants import FindingKind
from municipal_gateway.models import AccessLogEntry, ChainHead, Checkpoint
from vault import crypto


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """One view of entries, heads and checkpoints, even while appends go on."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _heads_problem(heads: Any, tree_size: int) -> str | None:
    valid = isinstance(heads, list) and all(
        isinstance(head, list)
        and len(head) == 3
        and isinstance(head[0], str)
        and isinstance(head[1], int)
        and isinstance(head[2], str)
        for head in heads
    )
    if not valid:
        return "its chain heads are malformed"
    subjects = [head[0] for head in heads]
    if subjects != sorted(set(subjects)):
        return "its chain heads are not sorted by subject id, or repeat one"
    if tree_size != len(heads):
        return f"its tree size is {tree_size}, but it lists {len(heads)} chain heads"
    return None


def _signature_problem(checkpoint: Checkpoint) -> str | None:
    message = encoding.checkpoint_message(
        root_hash=checkpoint.root_hash,
        tree_size=checkpoint.tree_size,
        created_at=checkpoint.created_at,
    )
    try:
        public_key = bytes.fromhex(checkpoint.public_key)
        valid = crypto.verify_signature(
            message, bytes.fromhex(checkpoint.signature), public_key=public_key
        )
    except ValueError:
        return "its signature or public key is malformed"
    if not valid:
        return "its signature does not verify"
    if public_key != crypto.signing_public_key():
        return "it was signed with a key that is not the configured signing key"
    return None


def checkpoint_findings(checkpoint: Checkpoint) -> list[Finding]:
    """Signature, key, and the Merkle root recomputed from the chain heads it lists."""
    problem = _signature_problem(checkpoint) or _heads_problem(
        checkpoint.heads, checkpoint.tree_size
    )
    if problem is None:
        leaves = [encoding.leaf(*head) for head in checkpoint.heads]
        if merkle.root(leaves).hex() != checkpoint.root_hash:
            problem = "its Merkle root does not match its chain heads"
    if problem is None:
        return []
    detail = f"checkpoint {checkpoint.id}: {problem}"
    return [Finding(FindingKind.CHECKPOINT_INVALID, "", None, None, detail)]


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-created_at", "-id").first()


def _trusted_heads(report: Report) -> dict[str, Head]:
    """The latest checkpoint's heads, if it is valid. A bad checkpoint is itself a finding."""
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        return {}
    report.checkpoint_id = checkpoint.id
    problems = checkpoint_findings(checkpoint)
    report.findings.extend(problems)
    return {} if problems else {s: (seq, h) for s, seq, h in checkpoint.heads}


def _add_chain(
    report: Report,
    subject_id: str,
    rows: list[AccessLogEntry],
    heads: dict[str, Head],
    checkpointed: dict[str, Head],
) -> None:
    report.chains += 1
    report.entries += len(rows)
    report.findings.extend(
        verify_chain(
            subject_id=subject_id,
            rows=rows,
            head=heads.get(subject_id),
            checkpointed=checkpointed.get(subject_id),
        )
    )


def _live_heads(**filters: str) -> dict[str, Head]:
    rows = ChainHead.objects.filter(**filters).values_list("subject_id", "seq", "head_hash")
    return {subject_id: (seq, head_hash) for subject_id, seq, head_hash in rows}


def verify_all() -> Report:
    """Every chain, streamed in subject order, against its head and the latest checkpoint."""
    report = Report()
    with consistent_snapshot():
        checkpointed = _trusted_heads(report)
        heads = _live_heads()
        entries = AccessLogEntry.objects.order_by("subject_id", "seq").iterator(chunk_size=2000)
        seen = set()
        for subject_id, rows in groupby(entries, key=attrgetter("subject_id")):
            _add_chain(report, subject_id, list(rows), heads, checkpointed)
            seen.add(subject_id)
        for subject_id in sorted((heads.keys() | checkpointed.keys()) - seen):
            _add_chain(report, subject_id, [], heads, checkpointed)
    return report


def verify_subject(subject_id: str) -> Report:
    """One chain (a resident's own), against its head and the latest checkpoint."""
    report = Report()
    with consistent_snapshot():
        checkpointed = _trusted_heads(report)
        rows = list(AccessLogEntry.objects.filter(subject_id=subject_id))
        heads = _live_heads(subject_id=subject_id)
        if rows or subject_id in heads or subject_id in checkpointed:
            _add_chain(report, subject_id, rows, heads, checkpointed)
    return report
