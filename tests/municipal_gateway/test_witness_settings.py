"""ACCESS_LOG_WITNESSES is checked when Django starts: a bad key stops it."""

import pytest
from django.core import checks

from datameent import tlog
from vault import crypto

GOOD = tlog.Verifier("w.example/w", 0x04, crypto.ed25519_public_key(bytes(32))).vkey()
LOG_KEY = tlog.Verifier("w.example/w", 0x01, crypto.ed25519_public_key(bytes(32))).vkey()


def _errors() -> set[str]:
    return {message.id for message in checks.run_checks() if message.id.startswith("datameent")}


@pytest.mark.parametrize(
    ("witnesses", "expected"),
    [([GOOD], set()), (["not a key"], {"datameent.E101"}), ([LOG_KEY], {"datameent.E102"})],
)
def test_it_checks_the_witness_keys_at_start(settings, witnesses, expected):
    settings.ACCESS_LOG_WITNESSES = witnesses

    assert _errors() == expected
