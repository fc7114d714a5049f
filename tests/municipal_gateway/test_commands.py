"""``manage.py verify_access_log`` finds and locates tampering done straight in the database."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from municipal_gateway import encoding
from municipal_gateway.models import AccessLogEntry, ChainHead, Checkpoint, LogLeaf
from municipal_gateway.services import checkpoint_create


def _verify() -> tuple[str, str | None]:
    """The command's output, and its error if it exited non-zero."""
    out = StringIO()
    try:
        call_command("verify_access_log", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def _line(kind: str, entry: AccessLogEntry, seq: int | None = None) -> str:
    return f"{kind}: subject {entry.subject_id}, seq {seq or entry.seq}, entry {entry.id}"


def test_it_passes_an_untouched_log(alice, dave, alice_chain, append_entry):
    append_entry(dave)
    checkpoint = checkpoint_create()

    out, error = _verify()

    assert error is None
    assert f"2 chains, 6 entries, latest checkpoint: checkpoint {checkpoint.id}, 0 problems" in out


def test_it_exits_non_zero_from_the_command_line(alice_chain, tamper):
    AccessLogEntry.objects.filter(id=alice_chain[0].id).update(stated_reason="x")

    with pytest.raises(CommandError) as excinfo:
        call_command("verify_access_log", stdout=StringIO())

    assert excinfo.value.returncode == 1


def test_it_locates_an_updated_entry(alice_chain, tamper):
    victim = alice_chain[2]
    AccessLogEntry.objects.filter(id=victim.id).update(stated_reason="Niets aan de hand")

    out, error = _verify()

    assert "1 problems" in error
    assert f"{_line('ALTERED', victim)}: the content does not match its hash" in out


def test_it_locates_an_updated_entry_with_a_rewritten_hash(alice_chain, tamper):
    victim = AccessLogEntry.objects.get(id=alice_chain[1].id)
    victim.record_ids = []
    victim.entry_hash = encoding.entry_hash(victim)
    AccessLogEntry.objects.filter(id=victim.id).update(record_ids=[], entry_hash=victim.entry_hash)

    out, error = _verify()

    assert error and _line("ALTERED", victim) in out


def test_it_locates_a_deleted_entry(alice_chain, tamper):
    AccessLogEntry.objects.filter(id=alice_chain[2].id).delete()

    out, error = _verify()

    subject = alice_chain[0].subject_id
    assert error
    assert f"REMOVED: subject {subject}, seq 3: seq 3 missing, between seq 2 and seq 4" in out


def test_it_locates_reordered_entries(alice_chain, tamper):
    second, third = alice_chain[1], alice_chain[2]
    AccessLogEntry.objects.filter(id=second.id).update(seq=1000)
    AccessLogEntry.objects.filter(id=third.id).update(seq=2)
    AccessLogEntry.objects.filter(id=second.id).update(seq=3)

    out, error = _verify()

    assert "2 problems" in error
    assert f"{_line('REORDERED', third, 2)}: stored as seq 2, written as seq 3" in out
    assert f"{_line('REORDERED', second, 3)}: stored as seq 3, written as seq 2" in out


def test_it_locates_an_inserted_entry(alice_chain, tamper):
    forged = AccessLogEntry.objects.get(id=alice_chain[-1].id)
    forged.pk, forged.seq = None, 6
    forged.prev_hash = alice_chain[-1].entry_hash
    forged.stated_reason = "Verzonnen"
    forged.id = uuid.uuid4()
    forged.entry_hash = encoding.entry_hash(forged)
    forged.save(force_insert=True)

    out, error = _verify()

    assert "1 problems" in error
    assert f"{_line('INSERTED', forged)}: beyond the chain head at seq 5" in out


def test_it_locates_an_entry_inserted_between_others(alice_chain, tamper):
    for entry in reversed(alice_chain[2:]):
        AccessLogEntry.objects.filter(id=entry.id).update(seq=entry.seq + 1)
    forged = AccessLogEntry.objects.get(id=alice_chain[2].id)
    forged.id, forged.seq = uuid.uuid4(), 3
    forged.stated_reason = "Verzonnen"
    forged.entry_hash = encoding.entry_hash(forged)
    forged.save(force_insert=True)

    out, error = _verify()

    assert "4 problems" in error
    assert f"{_line('INSERTED', forged)}: takes the place of entry {alice_chain[2].id}" in out
    for entry in alice_chain[2:]:
        assert _line("REORDERED", entry, entry.seq + 1) in out


def test_it_locates_a_truncated_tail(alice_chain, tamper):
    AccessLogEntry.objects.filter(id__in=[entry.id for entry in alice_chain[3:]]).delete()

    out, error = _verify()

    assert error
    subject = alice_chain[0].subject_id
    assert f"TRUNCATED: subject {subject}, seq 4: the chain head is at seq 5" in out


def test_it_locates_a_truncated_tail_behind_a_rewound_head(alice_chain, tamper):
    checkpoint_create()
    AccessLogEntry.objects.filter(id__in=[entry.id for entry in alice_chain[3:]]).delete()
    ChainHead.objects.filter(subject_id=alice_chain[0].subject_id).update(
        seq=3, head_hash=alice_chain[2].entry_hash
    )

    out, error = _verify()

    assert "1 problems" in error
    subject = alice_chain[0].subject_id
    assert f"TRUNCATED: subject {subject}, seq 4: the checkpoint is at seq 5" in out


def test_it_locates_a_whole_chain_that_was_deleted(alice_chain, tamper):
    checkpoint_create()
    AccessLogEntry.objects.all().delete()
    ChainHead.objects.all().delete()

    out, error = _verify()

    assert error and f"TRUNCATED: subject {alice_chain[0].subject_id}, seq 1" in out


def test_it_rejects_a_checkpoint_with_a_bad_signature(alice_chain):
    checkpoint = checkpoint_create()
    signature = bytearray(bytes.fromhex(checkpoint.signature))
    signature[0] ^= 0x01
    Checkpoint.objects.filter(id=checkpoint.id).update(signature=signature.hex())

    out, error = _verify()

    assert error
    assert f"CHECKPOINT_INVALID: checkpoint {checkpoint.id}: its signature does not verify" in out


def test_it_rejects_a_checkpoint_whose_leaves_do_not_match_its_root(alice_chain, append_entry):
    checkpoint_create()
    LogLeaf.objects.filter(index=0).update(seq=4, head_hash=alice_chain[3].entry_hash)

    out, error = _verify()

    assert error and "its Merkle root does not match the leaves of the log" in out
