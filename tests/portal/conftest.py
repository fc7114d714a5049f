"""Portal fixtures: the access-log helper and the read-path fixtures of the gateway tests,
for pages that show the log."""

from tests.municipal_gateway.conftest import (  # noqa: F401 - fixtures
    alice_records,
    append_entry,
    bob_reference,
)
