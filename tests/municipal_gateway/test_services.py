import base64
import hashlib
import uuid

import pytest
from django.conf import settings
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from municipal_gateway import encoding
from municipal_gateway.constants import (
    GENESIS_HASH,
    LEGAL_BASIS_CONSENT,
    Operation,
    Outcome,
    Reason,
)
from municipal_gateway.models import AccessLogEntry, ChainHead, LogLeaf, LogSubject
from municipal_gateway.services import access_log_append, checkpoint_create
from municipal_gateway.verification import verify_all
from tests.conftest import ALICE_BSN, DAVE_BSN
from vault import crypto
from vault.services import resident_create, vault_erase


def test_it_chains_entries_of_one_resident(alice_chain):
    assert [entry.seq for entry in alice_chain] == [1, 2, 3, 4, 5]
    assert alice_chain[0].prev_hash == GENESIS_HASH
    for before, after in zip(alice_chain, alice_chain[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    head = ChainHead.objects.get(subject_id=alice_chain[0].subject_id)
    assert (head.seq, head.head_hash) == (5, alice_chain[-1].entry_hash)


def test_it_hashes_the_canonical_encoding(alice_chain):
    entry = AccessLogEntry.objects.get(id=alice_chain[2].id)

    assert entry.entry_hash == encoding.entry_hash(entry)
    entry.stated_reason = "Zaak 999"
    assert encoding.entry_hash(entry) != alice_chain[2].entry_hash


def test_it_keeps_one_chain_per_resident(alice, dave, append_entry):
    first_alice, first_dave = append_entry(alice), append_entry(dave)
    second_alice = append_entry(alice)

    assert first_alice.subject_id != first_dave.subject_id
    assert (first_alice.seq, first_dave.seq, second_alice.seq) == (1, 1, 2)
    assert LogSubject.objects.filter(resident__in=[alice, dave]).count() == 2


def test_it_snapshots_who_what_and_why(alice, bob, append_entry):
    record_id = uuid.uuid4()
    entry = append_entry(
        alice,
        grant_id=42,
        record_ids=[record_id],
        trace_id="4bf92f3577b34da6a3ce929d0e0e4736",
        span_id="00f067aa0ba902b7",
        parent_span_id="b7ad6b7169203331",
        request_id="req-1",
    )
    entry.refresh_from_db()

    assert (entry.caseworker_id, entry.caseworker_name) == (bob.pk, "bob")
    assert (entry.department_code, entry.department_name) == ("wmo", "Team Wmo")
    assert (entry.organisation_name, entry.organisation_oin) == (
        "Gemeente Meenthuizen",
        "00000001234567890000",
    )
    assert (entry.purpose_code, entry.purpose_version) == ("bijzondere-bijstand", 1)
    assert (entry.legal_basis, entry.grant_id) == (LEGAL_BASIS_CONSENT, "42")
    assert entry.record_ids == [str(record_id)]
    assert entry.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert entry.span_id == "00f067aa0ba902b7"
    assert (entry.parent_span_id, entry.request_id) == ("b7ad6b7169203331", "req-1")


def test_it_survives_the_caseworker_and_department(alice, bob, append_entry):
    entry = append_entry(alice)
    bob.delete()

    entry.refresh_from_db()
    assert entry.caseworker_name == "bob"
    assert entry.entry_hash == encoding.entry_hash(entry)


def test_it_makes_trace_ids_when_none_are_given(alice, append_entry):
    entry = append_entry(alice)

    assert len(entry.trace_id) == 32 and len(entry.span_id) == 16
    assert entry.parent_span_id == ""


@pytest.mark.parametrize(
    "trace",
    [
        {"trace_id": "0" * 32},
        {"trace_id": "XYZ"},
        {"span_id": "00F067AA0BA902B7"},
        {"parent_span_id": "123"},
    ],
)
def test_it_refuses_malformed_trace_ids(alice, append_entry, trace):
    with pytest.raises(ValueError):
        append_entry(alice, **trace)
    assert not AccessLogEntry.objects.exists()


def test_it_refuses_a_refusal_that_returns_records(alice, append_entry):
    with pytest.raises(ValueError):
        append_entry(alice, outcome=Outcome.REFUSED, reason=Reason.NO_GRANT)

    assert not AccessLogEntry.objects.exists()
    assert not ChainHead.objects.filter(seq__gt=0).exists()


def test_it_writes_nothing_when_the_callers_transaction_fails(alice, append_entry):
    append_entry(alice)

    with pytest.raises(RuntimeError), transaction.atomic():
        append_entry(alice)
        raise RuntimeError("the read failed after the entry was written")

    assert list(AccessLogEntry.objects.values_list("seq", flat=True)) == [1]
    assert ChainHead.objects.get().seq == 1


def test_it_logs_attempts_about_unknown_residents_per_caseworker(bob, charlie, append_entry):
    unknown = {
        "operation": Operation.RESIDENT_LOOKUP,
        "outcome": Outcome.REFUSED,
        "reason": Reason.UNKNOWN_RESIDENT,
        "record_ids": [],
        "categories_returned": [],
    }
    by_bob = [append_entry(None, **unknown), append_entry(None, **unknown)]
    by_charlie = append_entry(None, caseworker=charlie, **unknown)

    assert [entry.seq for entry in by_bob] == [1, 2]
    assert by_bob[0].subject_id == f"unknown-resident:{bob.pk}"
    assert by_charlie.subject_id != by_bob[0].subject_id
    assert not LogSubject.objects.exists()


def test_it_makes_entries_unlinkable_on_erasure_but_keeps_them(alice, dave, append_entry):
    subject_id = append_entry(alice).subject_id
    append_entry(alice)
    append_entry(dave)

    vault_erase(resident=alice)

    subject = LogSubject.objects.get(subject_id=subject_id)
    assert (subject.resident, subject.key) == (None, None)
    assert subject.forgotten_at is not None
    assert AccessLogEntry.objects.filter(subject_id=subject_id).count() == 2
    assert AccessLogEntry.objects.count() == 3
    assert verify_all().ok


def test_it_gives_a_returning_resident_a_new_subject(alice, append_entry):
    old_subject = append_entry(alice).subject_id
    vault_erase(resident=alice)
    again = resident_create(username="alice", password="alice-demo-pass-2", bsn=ALICE_BSN)

    entry = append_entry(again)

    assert entry.subject_id != old_subject
    assert entry.seq == 1


def test_it_derives_the_subject_id_from_a_destroyable_key(alice, append_entry):
    entry = append_entry(alice)
    subject = LogSubject.objects.get(resident=alice)

    assert entry.subject_id == encoding.subject_id_from_key(bytes(subject.key))
    assert len(bytes(subject.key)) == 32


class TestInterleavedAppends(TestCase):
    """Whatever the interleaving of residents and outcomes, every chain stays contiguous."""

    @given(
        st.lists(
            st.tuples(st.sampled_from(["alice", "dave", None]), st.sampled_from(Outcome.values)),
            min_size=1,
            max_size=12,
        )
    )
    def test_it_keeps_every_chain_contiguous_and_verifiable(self, steps):
        from accounts.constants import Role
        from accounts.services import user_create

        residents = {
            "alice": resident_create(username="alice", password=None, bsn=ALICE_BSN),
            "dave": resident_create(username="dave", password=None, bsn=DAVE_BSN),
            None: None,
        }
        bob = user_create(username="bob", password=None, role=Role.CASEWORKER)
        for name, outcome in steps:
            allowed = outcome == Outcome.ALLOWED
            access_log_append(
                resident=residents[name],
                caseworker=bob,
                department=None,
                purpose_code="p",
                purpose_version=1,
                purpose_name="P",
                outcome=outcome,
                reason=Reason.ALLOWED if allowed else Reason.NO_GRANT,
                record_ids=[uuid.uuid4()] if allowed else [],
            )

        assert AccessLogEntry.objects.count() == len(steps)
        for head in ChainHead.objects.all():
            seqs = list(
                AccessLogEntry.objects.filter(subject_id=head.subject_id)
                .order_by("seq")
                .values_list("seq", flat=True)
            )
            assert seqs == list(range(1, head.seq + 1))
        assert verify_all().ok


def _signed_text(checkpoint) -> bytes:
    """The C2SP checkpoint text the log signs: origin, size, base64 root hash."""
    root = base64.b64encode(bytes.fromhex(checkpoint.root_hash)).decode()
    return f"{settings.ACCESS_LOG_ORIGIN}\n{checkpoint.tree_size}\n{root}\n".encode()


def test_it_signs_a_checkpoint_over_all_chain_heads(alice, dave, append_entry):
    append_entry(alice), append_entry(alice), append_entry(dave)

    checkpoint = checkpoint_create()

    heads = sorted(ChainHead.objects.values_list("subject_id", "seq", "head_hash"))
    assert checkpoint.tree_size == 2
    assert checkpoint.root_hash == _independent_root([encoding.leaf(*head) for head in heads])
    assert checkpoint.public_key == crypto.signing_public_key().hex()
    message = _signed_text(checkpoint)
    signature = bytes.fromhex(checkpoint.signature)
    public_key = bytes.fromhex(checkpoint.public_key)
    assert crypto.verify_signature(message, signature, public_key=public_key)


def test_its_checkpoint_signature_fails_on_any_flipped_byte(alice, append_entry):
    append_entry(alice)
    checkpoint = checkpoint_create()
    message = _signed_text(checkpoint)
    signature = bytes.fromhex(checkpoint.signature)
    public_key = bytes.fromhex(checkpoint.public_key)

    for position in (0, len(message) // 2, len(message) - 1):
        flipped = bytearray(message)
        flipped[position] ^= 0x01
        assert not crypto.verify_signature(bytes(flipped), signature, public_key=public_key)
    bad_signature = bytearray(signature)
    bad_signature[10] ^= 0x80
    assert not crypto.verify_signature(message, bytes(bad_signature), public_key=public_key)


def test_it_reuses_the_checkpoint_while_nothing_changed(alice, append_entry):
    append_entry(alice)
    first = checkpoint_create()

    assert checkpoint_create().id == first.id
    append_entry(alice)
    second = checkpoint_create()
    assert second.id != first.id
    # The moved head is appended: the first tree is a prefix of the second.
    assert (first.tree_size, second.tree_size) == (1, 2)
    assert list(LogLeaf.objects.values_list("seq", flat=True)) == [1, 2]


def test_it_appends_only_the_heads_that_moved(alice, dave, append_entry):
    append_entry(alice), append_entry(dave)
    checkpoint_create()
    append_entry(dave)

    checkpoint = checkpoint_create()

    leaves = list(LogLeaf.objects.values_list("index", "seq"))
    assert checkpoint.tree_size == 3 and leaves[-1] == (2, 2)


def test_it_signs_an_empty_tree(db):
    checkpoint = checkpoint_create()

    assert checkpoint.tree_size == 0
    assert checkpoint.root_hash == hashlib.sha256(b"").hexdigest()


def _independent_root(leaves: list[bytes]) -> str:
    """RFC 9162 §2.1.1 MTH, written out again with hashlib and list slicing."""

    def mth(items: list[bytes]) -> bytes:
        if len(items) == 1:
            return hashlib.sha256(b"\x00" + items[0]).digest()
        k = 1
        while k * 2 < len(items):
            k *= 2
        return hashlib.sha256(b"\x01" + mth(items[:k]) + mth(items[k:])).digest()

    return mth(leaves).hex()
