"""The witness cosigns a checkpoint only when it extends the tree it cosigned last."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datameent import tlog
from municipal_gateway.models import Cosignature, WitnessAlarm
from municipal_gateway.selectors import checkpoint_note
from municipal_gateway.services import checkpoint_create
from tests.witness.conftest import WITNESS_NAME, make_witness
from witness.client import LogClient, LogUnreachable
from witness.core import COSIGNED, REFRESHED


def test_it_cosigns_the_first_checkpoint_it_sees(witness, alice, append_entry):
    append_entry(alice)
    checkpoint = checkpoint_create()

    assert witness.run_once() == COSIGNED

    cosignature = Cosignature.objects.get()
    assert (cosignature.checkpoint, cosignature.witness_name) == (checkpoint, WITNESS_NAME)
    note = tlog.parse_note(checkpoint_note())
    assert [line.name for line in note.signatures][-1] == WITNESS_NAME
    state = json.loads(witness.state_file.read_text())
    assert (state["size"], state["origin"]) == (1, checkpoint.origin)


def test_it_cosigns_a_tree_that_grew_after_checking_the_proof(witness, alice, dave, append_entry):
    append_entry(alice)
    checkpoint_create()
    witness.run_once()
    append_entry(dave), append_entry(alice)
    grown = checkpoint_create()

    assert witness.run_once() == COSIGNED

    assert Cosignature.objects.filter(checkpoint=grown).exists()
    assert json.loads(witness.state_file.read_text())["size"] == 3


def test_it_cosigns_an_unchanged_tree_again_with_a_newer_time(witness, alice, append_entry):
    append_entry(alice)
    checkpoint_create()
    witness.run_once()
    first = Cosignature.objects.get().signed_at

    assert witness.run_once() == REFRESHED

    assert Cosignature.objects.get().signed_at > first
    assert not WitnessAlarm.objects.exists()


def test_it_retries_and_never_cosigns_while_the_log_is_down(db, tmp_path, alice, append_entry):
    append_entry(alice)
    checkpoint_create()
    # Nothing listens on port 9 (discard) on the test machine.
    down = LogClient("http://127.0.0.1:9", retries=3, backoff=0.01, timeout=1)
    witness = make_witness(tmp_path / "state.json", down)

    with pytest.raises(LogUnreachable, match="no answer after 3 tries"):
        witness.run_once()

    assert not witness.state_file.exists()
    assert not Cosignature.objects.exists()


def test_the_command_exits_3_while_the_log_is_down(tmp_path, monkeypatch, db):
    monkeypatch.setenv("WITNESS_LOG_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("WITNESS_STATE_FILE", str(tmp_path / "state.json"))

    with pytest.raises(CommandError) as excinfo:
        call_command("run_witness", "--retries", "2", "--backoff", "0.01")

    assert excinfo.value.returncode == 3
    assert not (tmp_path / "state.json").exists()


def test_the_command_prints_the_witness_key_to_register(capsys, db):
    call_command("run_witness", "--print-vkey")

    verifier = tlog.parse_verifier(capsys.readouterr().out)
    assert (verifier.name, verifier.signature_type) == (WITNESS_NAME, 0x04)
