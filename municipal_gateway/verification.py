"""Verification against the database: every chain, or one, against every chain head the
transparency log signed, and the latest checkpoint against the log's leaves.

Reads only; used by the selectors and by ``manage.py verify_access_log``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter

from django.db import connection, transaction

from municipal_gateway import encoding, merkle, transparency
from municipal_gateway.chains import Finding, Head, Report, verify_chain
from municipal_gateway.constants import FindingKind
from municipal_gateway.models import AccessLogEntry, ChainHead, Checkpoint
from vault import signing


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """One view of entries, heads and checkpoints, even while appends go on."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _signature_problem(checkpoint: Checkpoint) -> str | None:
    """The log's note signature over the C2SP checkpoint text, with the configured key."""
    try:
        public_key = bytes.fromhex(checkpoint.public_key)
        valid = signing.signature_is_valid(
            transparency.checkpoint_body(checkpoint).encode(),
            bytes.fromhex(checkpoint.signature),
            public_key=public_key,
        )
    except ValueError:
        return "its signature or public key is malformed"
    if not valid:
        return "its signature does not verify"
    if public_key != signing.log_public_key():
        return "it was signed with a key that is not the configured signing key"
    return None


def _tree_problem(checkpoint: Checkpoint, leaves: list[bytes]) -> str | None:
    if checkpoint.tree_size > len(leaves):
        return f"its tree size is {checkpoint.tree_size}, but the log holds {len(leaves)} leaves"
    if merkle.root_from_hashes(leaves[: checkpoint.tree_size]).hex() != checkpoint.root_hash:
        return "its Merkle root does not match the leaves of the log"
    return None


def checkpoint_findings(checkpoint: Checkpoint, leaves: list[bytes] | None = None) -> list[Finding]:
    """Signature, key, and the Merkle root recomputed from the log's leaves."""
    if leaves is None:
        leaves = transparency.leaf_hashes()
    problem = _signature_problem(checkpoint) or _tree_problem(checkpoint, leaves)
    if problem is None:
        return []
    detail = f"checkpoint {checkpoint.id}: {problem}"
    return [Finding(FindingKind.CHECKPOINT_INVALID, "", None, None, detail)]


def latest_checkpoint() -> Checkpoint | None:
    return transparency.latest_checkpoint()


def _unsigned_leaves(report: Report, checkpoint: Checkpoint | None, leaves: int) -> None:
    """Only checkpoint_create writes leaves, and signs them at once: leaves beyond the
    newest checkpoint mean a signed checkpoint was removed."""
    signed = checkpoint.tree_size if checkpoint else 0
    if leaves > signed:
        detail = (
            f"leaves {signed} to {leaves - 1} of the log are in no checkpoint: "
            "a signed checkpoint was removed"
        )
        report.findings.append(Finding(FindingKind.CHECKPOINT_INVALID, "", None, None, detail))


def _witness_findings(leaves: list[bytes]) -> list[Finding]:
    """What the witnesses say: the log must still hold the tree they cosigned last, and no
    witness may still be refusing it. This holds even against someone who re-signs the
    whole log with the real key."""
    findings = []
    witnessed = transparency.latest_witnessed()
    if witnessed is not None:
        cosigned = witnessed.checkpoint
        if _tree_problem(cosigned, leaves):
            detail = (
                f"the log no longer holds the tree of size {cosigned.tree_size} that witness "
                f"{witnessed.witness} cosigned: it was rewritten"
            )
            findings.append(Finding(FindingKind.WITNESS_REFUSED, "", None, None, detail))
    for alarm in transparency.open_alarms():
        when = encoding.timestamp(alarm.raised_at)
        detail = f"witness {alarm.witness_name} refused the log at {when}: {alarm.reason}"
        detail += f" ({alarm.detail})" if alarm.detail else ""
        findings.append(Finding(FindingKind.WITNESS_REFUSED, "", None, None, detail))
    return findings


def _signed_heads(report: Report, *, subject_id: str | None = None) -> dict[str, list[Head]]:
    """Every chain head the log ever signed. A bad or missing checkpoint is itself a finding,
    and so is every refusal of a witness."""
    checkpoint = latest_checkpoint()
    rows = transparency.leaf_rows()
    leaves = [merkle.leaf_hash(encoding.leaf(*row)) for row in rows]
    if checkpoint is not None:
        report.checkpoint_id = checkpoint.id
        report.findings.extend(checkpoint_findings(checkpoint, leaves))
    _unsigned_leaves(report, checkpoint, len(rows))
    report.findings.extend(_witness_findings(leaves))
    if subject_id is not None:
        rows = [row for row in rows if row[0] == subject_id]
    return transparency.signed_heads(rows)


def _add_chain(
    report: Report,
    subject_id: str,
    rows: list[AccessLogEntry],
    heads: dict[str, Head],
    signed: dict[str, list[Head]],
) -> None:
    report.chains += 1
    report.entries += len(rows)
    report.findings.extend(
        verify_chain(
            subject_id=subject_id,
            rows=rows,
            head=heads.get(subject_id),
            checkpointed=None,
            signed=signed.get(subject_id, []),
        )
    )


def _live_heads(**filters: str) -> dict[str, Head]:
    rows = ChainHead.objects.filter(**filters).values_list("subject_id", "seq", "head_hash")
    return {subject_id: (seq, head_hash) for subject_id, seq, head_hash in rows}


def verify_all() -> Report:
    """Every chain, streamed in subject order, against its head and the latest checkpoint."""
    report = Report()
    with consistent_snapshot():
        checkpointed = _signed_heads(report)
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
        checkpointed = _signed_heads(report, subject_id=subject_id)
        rows = list(AccessLogEntry.objects.filter(subject_id=subject_id))
        heads = _live_heads(subject_id=subject_id)
        if rows or subject_id in heads or subject_id in checkpointed:
            _add_chain(report, subject_id, rows, heads, checkpointed)
    return report
