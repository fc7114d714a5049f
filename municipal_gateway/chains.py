"""Checking one hash chain. Pure: rows in, findings out. The database side is verification.py.

A chain is checked against itself (every entry's hash, its link to the entry before it, no
gaps in ``seq``), against its live ``ChainHead`` and against the latest valid checkpoint.
Each problem is reported with the subject, the sequence number and (where there is a row)
the entry id. See docs/access-log.md for what each finding means.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from municipal_gateway import encoding
from municipal_gateway.constants import GENESIS_HASH, FindingKind
from municipal_gateway.models import AccessLogEntry

Head = tuple[int, str]


@dataclass(frozen=True)
class Finding:
    kind: str
    subject_id: str
    seq: int | None
    entry_id: str | None
    detail: str

    def __str__(self) -> str:
        where = [
            f"subject {self.subject_id}" if self.subject_id else "",
            f"seq {self.seq}" if self.seq is not None else "",
            f"entry {self.entry_id}" if self.entry_id else "",
        ]
        location = ", ".join(part for part in where if part)
        return f"{self.kind.upper()}: {location + ': ' if location else ''}{self.detail}"


@dataclass
class Report:
    chains: int = 0
    entries: int = 0
    checkpoint_id: int | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


class ChainCheck:
    """Checks one subject's chain. ``rows`` may come in any order."""

    def __init__(
        self,
        *,
        subject_id: str,
        rows: Iterable[AccessLogEntry],
        head: Head | None,
        checkpointed: Head | None,
        signed: Iterable[Head] = (),
    ) -> None:
        self.subject_id = subject_id
        self.rows = sorted(rows, key=lambda row: (row.seq, str(row.id)))
        self.head, self.checkpointed = head, checkpointed
        # Every head of this chain that a checkpoint ever signed: each must still hold.
        self.signed = [*signed, *([checkpointed] if checkpointed else [])]
        self.by_hash: dict[str, AccessLogEntry] = {}
        self.at_seq: dict[int, list[AccessLogEntry]] = defaultdict(list)
        for row in self.rows:
            self.by_hash.setdefault(row.entry_hash, row)
            self.at_seq[row.seq].append(row)
        self.referenced = {row.prev_hash for row in self.rows}
        self.findings: dict[UUID | tuple, Finding] = {}
        self.moved: dict[int, AccessLogEntry] = {}
        self._positions: dict[UUID, int | None] = {}

    def run(self) -> list[Finding]:
        self._check_contents()
        self._check_displaced()
        self._check_duplicates()
        self._check_gaps()
        self._check_links()
        self._check_heads()
        return sorted(self.findings.values(), key=lambda f: (f.seq or 0, f.kind, f.entry_id or ""))

    # -- bookkeeping -------------------------------------------------------------------------

    def _flag(self, kind: str, row: AccessLogEntry, detail: str) -> None:
        self.findings[row.id] = Finding(kind, self.subject_id, row.seq, str(row.id), detail)

    def _flag_seq(self, kind: str, seq: int, detail: str) -> None:
        self.findings[(kind, seq)] = Finding(kind, self.subject_id, seq, None, detail)

    def _flagged(self, row: AccessLogEntry) -> str | None:
        finding = self.findings.get(row.id)
        return finding.kind if finding else None

    def _genuine(self, seq: int) -> AccessLogEntry | None:
        """The unflagged row at ``seq``, if there is exactly one."""
        rows = [row for row in self.at_seq.get(seq, []) if not self._flagged(row)]
        return rows[0] if len(rows) == 1 else None

    def _anchored(self, row: AccessLogEntry) -> bool:
        """Something else vouches for this row's hash: its successor, the head, a checkpoint."""
        heads = [head for head in (self.head, self.checkpointed) if head]
        return row.entry_hash in self.referenced or (row.seq, row.entry_hash) in heads

    def _position(self, row: AccessLogEntry) -> int | None:
        """Where the prev_hash links put this row (1 = first), ignoring its stored seq."""
        walked: list[AccessLogEntry] = []
        seen: set[UUID] = set()
        current: AccessLogEntry | None = row
        base: int | None = None
        while current is not None:
            if current.id in self._positions:
                base = self._positions[current.id]
                break
            if current.id in seen:  # a cycle of prev_hash links: no position
                break
            walked.append(current)
            seen.add(current.id)
            if current.prev_hash == GENESIS_HASH:
                base = 0
                break
            current = self.by_hash.get(current.prev_hash)
        for offset, item in enumerate(reversed(walked), start=1):
            self._positions[item.id] = None if base is None else base + offset
        return self._positions[row.id]

    def _holds_at(self, row: AccessLogEntry, position: int) -> bool:
        return encoding.entry_hash(row, seq=position) == row.entry_hash

    # -- the checks --------------------------------------------------------------------------

    def _check_contents(self) -> None:
        """A row whose hash fails was altered, or moved: its hash holds at its linked place."""
        for row in self.rows:
            if encoding.entry_hash(row) == row.entry_hash:
                continue
            position = self._position(row)
            if position and position != row.seq and self._holds_at(row, position):
                detail = f"stored as seq {row.seq}, written as seq {position}"
                self._flag(FindingKind.REORDERED, row, detail)
                self.moved[position] = row
            else:
                self._flag(FindingKind.ALTERED, row, "the content does not match its hash")

    def _check_displaced(self) -> None:
        """A row in the place that a moved row was written for does not belong there."""
        for position, mover in self.moved.items():
            for row in self.at_seq.get(position, []):
                if row is not mover and self._flagged(row) != FindingKind.REORDERED:
                    detail = f"takes the place of entry {mover.id}, written as seq {position}"
                    self._flag(FindingKind.INSERTED, row, detail)

    def _check_duplicates(self) -> None:
        for seq, rows in self.at_seq.items():
            open_rows = [row for row in rows if not self._flagged(row)]
            if len(open_rows) < 2:
                continue
            keep = next((row for row in open_rows if self._anchored(row)), open_rows[0])
            for row in open_rows:
                if row is not keep:
                    self._flag(FindingKind.INSERTED, row, f"a second entry with seq {seq}")

    def _covered(self) -> set[int]:
        stored = {row.seq for row in self.rows if self._flagged(row) != FindingKind.REORDERED}
        return stored | set(self.moved)

    def _check_gaps(self) -> None:
        covered = sorted(self._covered())
        previous = 0
        for seq in covered:
            if seq > previous + 1:
                self._flag_seq(FindingKind.REMOVED, previous + 1, self._gap_detail(previous, seq))
            previous = seq

    def _gap_detail(self, before: int, after: int) -> str:
        missing = f"seq {before + 1}" if after == before + 2 else f"seq {before + 1}-{after - 1}"
        return f"{missing} missing, between seq {before or 'start'} and seq {after}"

    def _check_links(self) -> None:
        for seq in sorted(self.at_seq):
            row = self._genuine(seq)
            if row is None:
                continue
            if seq == 1:
                if row.prev_hash != GENESIS_HASH:
                    self._flag(FindingKind.ALTERED, row, "the first entry does not start the chain")
                continue
            before = self._genuine(seq - 1)
            if before is not None and row.prev_hash != before.entry_hash:
                self._broken_link(before, row)

    def _broken_link(self, before: AccessLogEntry, row: AccessLogEntry) -> None:
        if self._anchored(row):
            # The later row is vouched for, so the earlier one was replaced and re-hashed.
            self._flag(FindingKind.ALTERED, before, f"seq {row.seq} was chained to another entry")
        else:
            self._flag(FindingKind.INSERTED, row, f"not chained to the entry at seq {before.seq}")

    def _check_heads(self) -> None:
        top = max(self._covered(), default=0)
        if self.head is not None:
            self._check_head("chain head", self.head, top)
        for head in self.signed:
            self._check_head("checkpoint", head, top)
        if self.head is None:
            if self.rows:
                self._flag_seq(FindingKind.HEAD_MISMATCH, top, "the chain has no chain head")
            return
        limit = max([self.head[0], *(seq for seq, _ in self.signed)])
        for row in self.rows:
            if row.seq > limit and self._flagged(row) != FindingKind.REORDERED:
                self._flag(FindingKind.INSERTED, row, f"beyond the chain head at seq {limit}")

    def _check_head(self, label: str, head: Head, top: int) -> None:
        seq, head_hash = head
        if seq > top:
            detail = f"the {label} is at seq {seq}, the chain ends at seq {top}"
            self._flag_seq(FindingKind.TRUNCATED, top + 1, detail)
            return
        row = self._genuine(seq)
        if seq == 0 or row is None or row.entry_hash == head_hash:
            return
        if label == "checkpoint":
            self._flag(FindingKind.ALTERED, row, "the entry does not match the signed checkpoint")
        else:
            self._flag(FindingKind.HEAD_MISMATCH, row, "the entry does not match the chain head")


def verify_chain(
    *,
    subject_id: str,
    rows: Iterable[AccessLogEntry],
    head: Head | None,
    checkpointed: Head | None,
    signed: Iterable[Head] = (),
) -> list[Finding]:
    check = ChainCheck(
        subject_id=subject_id, rows=rows, head=head, checkpointed=checkpointed, signed=signed
    )
    return check.run()
