"""The C2SP formats (signed-note, tlog-checkpoint, tlog-cosignature) as the specifications
write them. The vector is the specifications' own example checkpoint with a log signature
and a witness cosignature; the key ids are computed again here with hashlib."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from datameent import tlog
from vault import crypto

# From C2SP tlog-cosignature: "an example of a checkpoint that contains a cosignature".
SPEC_NOTE = (
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\u2014 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJs"
    "X3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)
SEED = bytes(range(32))


def test_it_parses_the_specifications_example():
    note = tlog.parse_note(SPEC_NOTE)

    checkpoint = tlog.parse_checkpoint(note.text)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.text() == note.text
    log, witness = note.signatures
    assert (log.name, len(log.payload)) == ("example.com/behind-the-sofa", 64)
    assert witness.name == "witness.example.com/w1"
    # The cosignature's timestamp, as the specification's signed message says: time 1679315147.
    assert int.from_bytes(witness.payload[:8], "big") == 1679315147
    assert str(note) == SPEC_NOTE


@pytest.mark.parametrize(
    "message",
    [
        "origin\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",  # no blank line, no signature
        "origin\n1\nroot\n\n\u2014 name c2lnbmF0dXJl\n\u2014 name c2lnbmF0dXJl",  # no final \n
        "origin\x07\n1\n\n\u2014 name c2lnbmF0dXJl\n",  # a control character
        "origin\n1\n\n-- name c2lnbmF0dXJl\n",  # not an em dash
        "origin\n1\n\n\u2014 name not base64!\n",
        "origin\n1\n\n\u2014 na+me c2lnbmF0dXJl\n",  # a plus in the key name
        "origin\n1\n\n\u2014 name AAAA\n",  # shorter than a key id and one byte
    ],
)
def test_it_refuses_malformed_notes(message):
    with pytest.raises(tlog.NoteError):
        tlog.parse_note(message)


ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="


@pytest.mark.parametrize(
    "text",
    [
        f"origin\n01\n{ROOT}\n",  # a leading zero
        f"origin\n-1\n{ROOT}\n",
        "origin\n1\nAAAA\n",  # not 32 bytes
        f"\n1\n{ROOT}\n",  # no origin
        f"origin\n1\n{ROOT}\n\nextension\n",  # an empty extension line
        f"origin\n1\n{ROOT}",  # no final newline
        "origin\n1\n",
    ],
)
def test_it_refuses_malformed_checkpoints(text):
    with pytest.raises(tlog.NoteError):
        tlog.parse_checkpoint(text)


def test_it_keeps_extension_lines():
    checkpoint = tlog.parse_checkpoint(f"origin\n0\n{ROOT}\nfirst\nsecond\n")

    assert checkpoint.extensions == ("first", "second")


def _spec_key_id(name: str, signature_type: int, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\x0a" + bytes([signature_type]) + public_key).digest()[
        :4
    ]


def test_it_signs_and_verifies_a_note_as_the_specification_says():
    public_key = crypto.ed25519_public_key(SEED)
    verifier = tlog.Verifier("log.example/a", tlog.SIGNATURE_ED25519, public_key)
    text = tlog.Checkpoint("log.example/a", 5, bytes(32)).text()
    line = tlog.NoteSignature(
        "log.example/a", verifier.key_id, crypto.ed25519_sign(SEED, text.encode())
    )

    assert verifier.key_id == _spec_key_id("log.example/a", 0x01, public_key)
    assert tlog.verify_note_signature(text, line, verifier)
    assert not tlog.verify_note_signature(text.replace("5", "6"), line, verifier)
    parsed = tlog.parse_note(str(tlog.Note(text, (line,))))
    assert tlog.verify_note_signature(parsed.text, parsed.signatures[0], verifier)


def test_a_cosignature_signs_the_header_the_time_and_the_checkpoint():
    text = tlog.Checkpoint("log.example/a", 5, bytes(32)).text()
    public_key = crypto.ed25519_public_key(SEED)

    line = tlog.cosign(text, name="witness.example/w", seed=SEED, timestamp=1679315147)

    assert line.key_id == _spec_key_id("witness.example/w", 0x04, public_key)
    message = b"cosignature/v1\ntime 1679315147\n" + text.encode()
    assert crypto.verify_signature(message, line.payload[8:], public_key=public_key)
    verifier = tlog.Verifier("witness.example/w", tlog.SIGNATURE_COSIGNATURE_V1, public_key)
    assert tlog.verify_cosignature(text, line, verifier) == 1679315147
    assert tlog.verify_cosignature(text.replace("5", "6"), line, verifier) is None
    as_log = tlog.Verifier("witness.example/w", tlog.SIGNATURE_ED25519, public_key)
    assert not tlog.verify_note_signature(text, line, as_log)


def test_it_reads_and_writes_verifier_keys():
    verifier = tlog.Verifier(
        "witness.example/w", tlog.SIGNATURE_COSIGNATURE_V1, crypto.ed25519_public_key(SEED)
    )

    assert tlog.parse_verifier(verifier.vkey()) == verifier
    name, key_id, _ = verifier.vkey().split("+", 2)
    with pytest.raises(tlog.NoteError):
        tlog.parse_verifier(verifier.vkey().replace(key_id, "00000000"))


def test_the_example_in_the_documentation_verifies():
    doc = (Path(settings.BASE_DIR) / "docs" / "transparency.md").read_text()
    example = doc.split("```\n", 2)[1].split("```", 1)[0]
    log_key = re.search(r"Log key: `([^`]+)`", doc).group(1)
    witness_key = re.search(r"Witness key: `([^`]+)`", doc).group(1)

    note = tlog.parse_note(example)

    log, witness = tlog.parse_verifier(log_key), tlog.parse_verifier(witness_key)
    assert tlog.parse_checkpoint(note.text).size == 3
    assert tlog.verify_note_signature(note.text, note.signatures[0], log)
    assert tlog.verify_cosignature(note.text, note.signatures[1], witness) is not None
    assert log.public_key == crypto.ed25519_public_key(bytes(range(32)))
