"""Drills (issue 14): an operator with full database access and the log's real signing key
rewrites history. The witness refuses and alarms; the resident's verify reports it."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from datameent import tlog
from municipal_gateway import encoding, merkle
from municipal_gateway.constants import FindingKind
from municipal_gateway.models import (
    AccessLogEntry,
    ChainHead,
    Checkpoint,
    Cosignature,
    LogLeaf,
    WitnessAlarm,
)
from municipal_gateway.selectors import access_log_verify_for_resident
from municipal_gateway.services import checkpoint_create
from municipal_gateway.transparency import latest_witnessed
from municipal_gateway.verification import verify_all
from vault import crypto
from witness.core import BAD_SIGNATURE, INCONSISTENT, REPLAYED, SHRUNK, SPLIT_VIEW, Refusal


def _refuses(witness, reason: str) -> None:
    with pytest.raises(Refusal) as refused:
        witness.run_once()
    assert refused.value.reason == reason
    assert WitnessAlarm.objects.filter(reason=reason).exists()


def _reported(resident) -> set[str]:
    report = access_log_verify_for_resident(resident=resident)
    assert not report.ok
    return {finding.kind for finding in report.findings}


def _rewrite(entry: AccessLogEntry, **changes) -> dict[str, str]:
    """Change one entry and re-hash it and every later entry of its chain, as someone who
    knows the encoding would; move the chain head along. Returns old hash -> new hash."""
    rows = list(AccessLogEntry.objects.filter(subject_id=entry.subject_id, seq__gte=entry.seq))
    renamed, prev = {}, None
    for row in sorted(rows, key=lambda r: r.seq):
        if prev is not None:
            row.prev_hash = prev
        for name, value in changes.items() if row.seq == entry.seq else ():
            setattr(row, name, value)
        old, row.entry_hash = row.entry_hash, encoding.entry_hash(row)
        renamed[old] = prev = row.entry_hash
        fields = {name: getattr(row, name) for name in ("prev_hash", "entry_hash", *changes)}
        AccessLogEntry.objects.filter(id=row.id).update(**fields)
    ChainHead.objects.filter(subject_id=entry.subject_id).update(head_hash=prev)
    return renamed


def _rewrite_leaves(renamed: dict[str, str]) -> None:
    for leaf in LogLeaf.objects.filter(head_hash__in=renamed):
        LogLeaf.objects.filter(id=leaf.id).update(head_hash=renamed[leaf.head_hash])


def _sign_current_leaves() -> Checkpoint:
    """A checkpoint over the leaves as they now are, with the real key, dated now."""
    rows = list(LogLeaf.objects.order_by("index").values_list("subject_id", "seq", "head_hash"))
    root = merkle.root([encoding.leaf(*row) for row in rows])
    origin = Checkpoint.objects.latest().origin
    text = tlog.Checkpoint(origin, len(rows), root).text()
    return Checkpoint.objects.create(
        created_at=timezone.now(),
        tree_size=len(rows),
        root_hash=root.hex(),
        signature=crypto.sign(text.encode()).hex(),
        public_key=crypto.signing_public_key().hex(),
        origin=origin,
    )


def _drop_newest(resident_entry: AccessLogEntry, previous: AccessLogEntry) -> None:
    AccessLogEntry.objects.filter(id=resident_entry.id).delete()
    ChainHead.objects.filter(subject_id=previous.subject_id).update(
        seq=previous.seq, head_hash=previous.entry_hash
    )


def test_fork_the_witness_refuses_a_rewritten_past_signed_with_the_real_key(
    witness, alice, alice_chain, append_entry, tamper
):
    checkpoint_create()
    witness.run_once()
    renamed = _rewrite(alice_chain[1], stated_reason="Iets anders")
    _rewrite_leaves(renamed)
    Checkpoint.objects.all().delete()  # the cosigned checkpoint goes too
    append_entry(alice)
    checkpoint_create()

    _refuses(witness, INCONSISTENT)

    assert FindingKind.WITNESS_REFUSED in _reported(alice)
    assert not verify_all().ok


def test_fork_the_resident_sees_it_even_before_the_witness_runs_again(
    witness, alice, alice_chain, tamper
):
    checkpoint_create()
    witness.run_once()
    _rewrite_leaves(_rewrite(alice_chain[1], stated_reason="Iets anders"))
    _sign_current_leaves()

    assert FindingKind.WITNESS_REFUSED in _reported(alice)


def test_truncated_tree_the_witness_refuses_a_tree_that_shrank(
    witness, alice, dave, append_entry, tamper
):
    append_entry(alice)
    checkpoint_create()
    witness.run_once()  # size 1
    append_entry(dave), append_entry(None)  # a third chain: a lookup of nobody known
    checkpoint_create()
    witness.run_once()  # size 3
    newest = LogLeaf.objects.latest("index")
    entry = AccessLogEntry.objects.get(subject_id=newest.subject_id)
    AccessLogEntry.objects.filter(id=entry.id).delete()
    ChainHead.objects.filter(subject_id=entry.subject_id).delete()
    LogLeaf.objects.filter(id=newest.id).delete()
    Checkpoint.objects.filter(tree_size=3).delete()
    assert checkpoint_create().tree_size == 2  # signed anew, never seen by the witness

    _refuses(witness, SHRUNK)

    assert FindingKind.WITNESS_REFUSED in _reported(alice)


def test_split_view_the_witness_refuses_a_second_tree_of_the_same_size(
    witness, alice, alice_chain, tamper
):
    checkpoint_create()
    witness.run_once()
    _rewrite_leaves(_rewrite(alice_chain[-1], stated_reason="Voor de inwoner"))
    split = _sign_current_leaves()  # what alice is shown; the witness saw the other one
    assert split.tree_size == Checkpoint.objects.exclude(id=split.id).get().tree_size

    _refuses(witness, SPLIT_VIEW)

    assert FindingKind.WITNESS_REFUSED in _reported(alice)


def test_replayed_checkpoint_the_witness_refuses_an_old_one_served_again(
    witness, alice, alice_chain, append_entry, tamper
):
    checkpoint_create()
    witness.run_once()
    newest = append_entry(alice)
    checkpoint_create()
    witness.run_once()
    # The thorough operator: the newest checkpoint, its leaf, the entry and the head go.
    Checkpoint.objects.filter(id=Checkpoint.objects.latest().id).delete()
    LogLeaf.objects.filter(id=LogLeaf.objects.latest("index").id).delete()
    _drop_newest(newest, alice_chain[-1])
    assert verify_all().ok  # the database alone no longer shows it

    _refuses(witness, REPLAYED)

    assert FindingKind.WITNESS_REFUSED in _reported(alice)
    assert not verify_all().ok


def test_checkpoint_deletion_as_the_issue_describes_it(
    witness, alice, alice_chain, append_entry, tamper
):
    checkpoint_create()
    witness.run_once()
    newest = append_entry(alice)
    checkpoint_create()
    witness.run_once()
    Checkpoint.objects.filter(id=Checkpoint.objects.latest().id).delete()
    _drop_newest(newest, alice_chain[-1])

    assert FindingKind.TRUNCATED in _reported(alice)
    _refuses(witness, REPLAYED)
    assert FindingKind.WITNESS_REFUSED in _reported(alice)


def test_a_cosignature_that_does_not_verify_witnesses_nothing(witness, alice, alice_chain):
    checkpoint = checkpoint_create()
    witness.run_once()
    cosignature = checkpoint.cosignatures.get()
    payload = bytearray(base64.b64decode(cosignature.signature))
    payload[-1] ^= 1
    type(cosignature).objects.filter(id=cosignature.id).update(
        signature=base64.b64encode(payload).decode()
    )

    assert latest_witnessed() is None


def test_a_redated_cosignature_row_does_not_silence_an_alarm(
    witness, alice, alice_chain, append_entry, tamper
):
    checkpoint_create()
    witness.run_once()
    newest = append_entry(alice)
    checkpoint_create()
    witness.run_once()
    Checkpoint.objects.filter(id=Checkpoint.objects.latest().id).delete()
    LogLeaf.objects.filter(id=LogLeaf.objects.latest("index").id).delete()
    _drop_newest(newest, alice_chain[-1])
    _refuses(witness, REPLAYED)

    # The operator dates the surviving cosignature after the alarm; its signed time stays.
    Cosignature.objects.update(signed_at=timezone.now() + timedelta(days=1000))

    assert FindingKind.WITNESS_REFUSED in _reported(alice)


def test_a_checkpoint_signed_with_another_key_is_refused(witness, alice, alice_chain, tamper):
    checkpoint = checkpoint_create()
    witness.run_once()
    text = tlog.Checkpoint(checkpoint.origin, checkpoint.tree_size, bytes(32)).text()
    other_key = bytes(range(32))
    Checkpoint.objects.create(
        created_at=timezone.now(),
        tree_size=checkpoint.tree_size,
        root_hash=bytes(32).hex(),
        signature=crypto.ed25519_sign(other_key, text.encode()).hex(),
        public_key=crypto.ed25519_public_key(other_key).hex(),
        origin=checkpoint.origin,
    )

    _refuses(witness, BAD_SIGNATURE)

    assert not verify_all().ok
