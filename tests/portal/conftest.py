"""Portal fixtures: the access-log helper of the gateway tests, for pages that show the log."""

from tests.municipal_gateway.conftest import append_entry  # noqa: F401 - a fixture
