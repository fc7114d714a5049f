"""The transparency log's public endpoints: anyone reads checkpoints and proofs without a
login; only a known witness's valid signature stores a cosignature or an alarm."""

import base64

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from datameent import tlog
from municipal_gateway.models import Cosignature, WitnessAlarm
from municipal_gateway.services import checkpoint_create
from tests.municipal_gateway.test_consistency import rfc_verify
from vault import crypto

LOG = "/api/v1/log/"
WITNESS = settings.ACCESS_LOG_DEMO_WITNESS_NAME


@pytest.fixture
def grown(alice, dave, append_entry):
    """Three published trees of sizes 1, 2 and 3."""
    append_entry(alice)
    sizes = [checkpoint_create().tree_size]
    append_entry(dave)
    sizes.append(checkpoint_create().tree_size)
    append_entry(alice)
    sizes.append(checkpoint_create().tree_size)
    return sizes


def _log_verifier() -> tlog.Verifier:
    return tlog.Verifier(settings.ACCESS_LOG_ORIGIN, 0x01, crypto.signing_public_key())


def _checkpoint(path: str = "checkpoint") -> tuple[tlog.Note, tlog.Checkpoint]:
    response = APIClient().get(LOG + path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    note = tlog.parse_note(response.content.decode())
    return note, tlog.parse_checkpoint(note.text)


def test_anyone_reads_the_latest_checkpoint_as_a_signed_note(grown):
    note, checkpoint = _checkpoint()

    assert (checkpoint.origin, checkpoint.size) == (settings.ACCESS_LOG_ORIGIN, 3)
    assert tlog.verify_note_signature(note.text, note.signatures[0], _log_verifier())


def test_anyone_reads_an_older_checkpoint_by_its_size(grown):
    _, checkpoint = _checkpoint("checkpoints/2")

    assert checkpoint.size == 2
    assert APIClient().get(LOG + "checkpoints/7").json()["code"] == "checkpoint_not_found"


def test_it_says_when_there_is_no_checkpoint(db):
    response = APIClient().get(LOG + "checkpoint")

    assert (response.status_code, response.json()["code"]) == (404, "checkpoint_not_found")


@pytest.mark.parametrize(("first", "second"), [(1, 3), (2, 3), (1, 2), (3, 3)])
def test_anyone_gets_a_consistency_proof_between_published_sizes(grown, first, second):
    body = APIClient().get(LOG + "consistency/", {"first": first, "second": second}).json()

    proof = [base64.b64decode(node) for node in body["proof"]]
    old, new = _checkpoint(f"checkpoints/{first}")[1], _checkpoint(f"checkpoints/{second}")[1]
    assert rfc_verify(first, second, proof, old.root_hash, new.root_hash)


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"first": 3, "second": 1}, 404, "proof_unavailable"),
        ({"first": 1, "second": 9}, 404, "proof_unavailable"),
        ({"first": 1}, 400, None),
        ({"first": "x", "second": 2}, 400, None),
    ],
)
def test_it_refuses_proofs_it_cannot_give(grown, query, status, code):
    response = APIClient().get(LOG + "consistency/", query)

    assert response.status_code == status
    assert code is None or response.json()["code"] == code


def _cosigned(seed: bytes, *, name: str = WITNESS, timestamp: int = 1_800_000_000) -> str:
    note, _ = _checkpoint()
    line = tlog.cosign(note.text, name=name, seed=seed, timestamp=timestamp)
    return str(tlog.Note(note.text, (*note.signatures, line)))


def _post(note: str):
    return APIClient().post(LOG + "cosignatures/", note, content_type="text/plain")


def test_a_known_witness_stores_its_cosignature_beside_the_checkpoint(grown):
    response = _post(_cosigned(settings.ACCESS_LOG_DEMO_WITNESS_KEY))

    assert (response.status_code, response.json()) == (201, {"witnesses": [WITNESS]})
    note, _ = _checkpoint()
    assert [line.name for line in note.signatures] == [settings.ACCESS_LOG_ORIGIN, WITNESS]
    assert Cosignature.objects.get().signed_at.timestamp() == 1_800_000_000


def test_it_refuses_an_unknown_witness_and_a_forged_cosignature(grown):
    assert _post(_cosigned(bytes(32))).json()["code"] == "unknown_witness"
    forged = _cosigned(settings.ACCESS_LOG_DEMO_WITNESS_KEY).replace("\n3\n", "\n2\n", 1)
    assert _post(forged).status_code == 404  # no checkpoint says that
    text, _, lines = _cosigned(settings.ACCESS_LOG_DEMO_WITNESS_KEY).rpartition("\n\n")
    witness_line = lines.splitlines()[1]
    payload = bytearray(base64.b64decode(witness_line.split(" ")[2]))
    payload[-1] ^= 1
    bad = f"{text}\n\n\u2014 {WITNESS} {base64.b64encode(payload).decode()}\n"
    assert _post(bad).json()["code"] == "invalid_signature"
    assert _post("not a note").json()["code"] == "invalid_note"
    assert not Cosignature.objects.exists()


def _alarm(seed: bytes, **overrides):
    values = {
        "witness": WITNESS,
        "raised_at": 1_800_000_000,
        "reason": "inconsistent",
        "tree_size": 3,
        "detail": "the consistency proof does not verify",
    }
    values.update(overrides)
    signature = crypto.ed25519_sign(seed, tlog.alarm_message(**values))
    return {**values, "signature": base64.b64encode(signature).decode()}


def test_a_known_witness_raises_an_alarm(db):
    response = APIClient().post(
        LOG + "alarms/", _alarm(settings.ACCESS_LOG_DEMO_WITNESS_KEY), format="json"
    )

    assert response.status_code == 201
    alarm = WitnessAlarm.objects.get()
    assert (alarm.witness_name, alarm.reason, alarm.tree_size) == (WITNESS, "inconsistent", 3)


def test_nobody_else_raises_or_changes_an_alarm(db):
    forged = _alarm(settings.ACCESS_LOG_DEMO_WITNESS_KEY)
    forged["detail"] = "all is well"
    client = APIClient()

    assert client.post(LOG + "alarms/", forged, format="json").status_code == 403
    assert client.post(LOG + "alarms/", _alarm(bytes(32)), format="json").status_code == 403
    stranger = _alarm(bytes(32), witness="someone.example/w")
    assert client.post(LOG + "alarms/", stranger, format="json").json()["code"] == (
        "unknown_witness"
    )
    assert not WitnessAlarm.objects.exists()
