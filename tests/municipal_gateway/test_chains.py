"""Chain checking on rows in memory: every kind of tampering, at every place, is found there."""

import copy
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from municipal_gateway import encoding
from municipal_gateway.chains import verify_chain
from municipal_gateway.constants import GENESIS_HASH, FindingKind
from municipal_gateway.models import AccessLogEntry

SUBJECT = "f" * 64
START = datetime(2026, 3, 3, 13, 2, tzinfo=UTC)


def _entry(seq: int, prev_hash: str, *, reason: str = "") -> AccessLogEntry:
    entry = AccessLogEntry(
        id=uuid.uuid4(),
        subject_id=SUBJECT,
        seq=seq,
        prev_hash=prev_hash,
        occurred_at=START + timedelta(minutes=seq),
        started_at=START + timedelta(minutes=seq),
        operation="records.read",
        caseworker_id=7,
        caseworker_name="Bob Bakker",
        purpose_code="bijzondere-bijstand",
        purpose_version=1,
        outcome="allowed",
        reason="allowed",
        record_ids=[str(uuid.UUID(int=seq))],
        stated_reason=reason or f"Zaak {seq}",
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        span_id="00f067aa0ba902b7",
    )
    entry.entry_hash = encoding.entry_hash(entry)
    return entry


def _chain(size: int) -> list[AccessLogEntry]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, size + 1):
        rows.append(_entry(seq, prev))
        prev = rows[-1].entry_hash
    return rows


def _head(rows: list[AccessLogEntry]) -> tuple[int, str]:
    return rows[-1].seq, rows[-1].entry_hash


def _found(rows, *, head, checkpointed=None) -> set[tuple[str, int | None, str | None]]:
    findings = verify_chain(subject_id=SUBJECT, rows=rows, head=head, checkpointed=checkpointed)
    return {(finding.kind, finding.seq, finding.entry_id) for finding in findings}


def _rehash(entry: AccessLogEntry) -> None:
    entry.entry_hash = encoding.entry_hash(entry)


sizes = st.integers(min_value=3, max_value=9)


@given(sizes)
def test_it_finds_nothing_wrong_with_an_untouched_chain(size):
    rows = _chain(size)

    assert _found(rows, head=_head(rows), checkpointed=_head(rows)) == set()


@given(sizes, st.data())
def test_it_locates_an_altered_entry(size, data):
    rows = _chain(size)
    head = _head(rows)
    victim = rows[data.draw(st.integers(0, size - 1))]
    victim.record_ids = [str(uuid.uuid4())]

    assert _found(rows, head=head) == {(FindingKind.ALTERED, victim.seq, str(victim.id))}


@given(sizes, st.data())
def test_it_locates_an_altered_entry_whose_hash_was_rewritten(size, data):
    rows = _chain(size)
    head = _head(rows)
    victim = rows[data.draw(st.integers(0, size - 2))]
    victim.stated_reason = "niets aan de hand"
    _rehash(victim)

    assert _found(rows, head=head) == {(FindingKind.ALTERED, victim.seq, str(victim.id))}


def test_it_blames_a_rewritten_last_entry_on_the_head_and_the_checkpoint():
    rows = _chain(4)
    head = _head(rows)
    rows[-1].stated_reason = "niets aan de hand"
    _rehash(rows[-1])

    last = (4, str(rows[-1].id))
    assert _found(rows, head=head) == {(FindingKind.HEAD_MISMATCH, *last)}
    assert _found(rows, head=_head(rows), checkpointed=head) == {(FindingKind.ALTERED, *last)}


@given(sizes, st.data())
def test_it_locates_a_removed_entry(size, data):
    rows = _chain(size)
    head = _head(rows)
    index = data.draw(st.integers(0, size - 2))
    del rows[index]

    assert _found(rows, head=head) == {(FindingKind.REMOVED, index + 1, None)}


@given(sizes, st.data())
def test_it_locates_a_truncated_tail(size, data):
    rows = _chain(size)
    checkpointed = _head(rows)
    keep = data.draw(st.integers(0, size - 1))
    rows = rows[:keep]
    truncated = {(FindingKind.TRUNCATED, keep + 1, None)}

    assert _found(rows, head=checkpointed) == truncated
    # The attacker also rewound the live head: the signed checkpoint still tells.
    rewound = _head(rows) if rows else (0, GENESIS_HASH)
    assert _found(rows, head=rewound) == set()
    assert _found(rows, head=rewound, checkpointed=checkpointed) == truncated


@given(sizes, st.data())
def test_it_locates_reordered_entries(size, data):
    rows = _chain(size)
    head = _head(rows)
    first = data.draw(st.integers(0, size - 2))
    second = data.draw(st.integers(first + 1, size - 1))
    a, b = rows[first], rows[second]
    a.seq, b.seq = b.seq, a.seq

    assert _found(rows, head=head) == {
        (FindingKind.REORDERED, a.seq, str(a.id)),
        (FindingKind.REORDERED, b.seq, str(b.id)),
    }


@given(sizes, st.booleans())
def test_it_locates_an_entry_inserted_after_the_head(size, well_formed):
    rows = _chain(size)
    head = _head(rows)
    forged = _entry(size + 1, rows[-1].entry_hash if well_formed else "ab" * 32)
    rows.append(forged)

    assert _found(rows, head=head) == {(FindingKind.INSERTED, size + 1, str(forged.id))}


@given(sizes, st.data(), st.booleans())
def test_it_locates_an_entry_inserted_in_the_middle(size, data, well_formed):
    rows = _chain(size)
    head = _head(rows)
    position = data.draw(st.integers(1, size - 1))  # the forged row gets seq position + 1
    moved = rows[position:]
    for row in moved:
        row.seq += 1
    forged = _entry(position + 1, rows[position - 1].entry_hash, reason="verzonnen")
    if not well_formed:
        forged.entry_hash = "cd" * 32
    rows.insert(position, forged)

    expected = {(FindingKind.INSERTED, position + 1, str(forged.id))}
    expected |= {(FindingKind.REORDERED, row.seq, str(row.id)) for row in moved}
    assert _found(rows, head=head) == expected


def test_it_locates_a_second_entry_with_the_same_seq():
    rows = _chain(4)
    head = _head(rows)
    twin = copy.copy(rows[1])
    twin.id = uuid.uuid4()
    twin.stated_reason = "verzonnen"
    _rehash(twin)

    assert _found([*rows, twin], head=head) == {(FindingKind.INSERTED, 2, str(twin.id))}


def test_it_flags_a_chain_without_a_head():
    rows = _chain(2)

    assert _found(rows, head=None) == {(FindingKind.HEAD_MISMATCH, 2, None)}
