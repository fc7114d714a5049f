"""A DigiD login stores the BSN nowhere: tests/test_privacy.py's scan of the raw database
and of every log line, after logins through the real provider."""

import pytest
from django.db import connection

from identity.constants import DIGID_MIDDEN, DIGID_SUBSTANTIEEL
from tests.test_privacy import _leaks, _logged, _pg_dump, _sqlite_bytes
from vault.selectors import bsn_lookup_hash

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
BSN = "999993653"


def test_the_bsn_of_a_digid_login_reaches_neither_the_database_nor_the_logs(
    oidc, browser_factory, sql_logged
):
    first = browser_factory()
    assert first.login(sub="p-1", bsn=BSN, acr=DIGID_SUBSTANTIEEL)["Location"] == "/"
    second = browser_factory()
    assert second.login(sub="p-1", bsn=BSN, acr=DIGID_SUBSTANTIEEL)["Location"] == "/"
    refused = browser_factory()
    refused.login(sub="p-1", bsn=BSN, acr=DIGID_MIDDEN)

    raw = _pg_dump() if connection.vendor == "postgresql" else _sqlite_bytes()
    logged = _logged(sql_logged)

    assert bsn_lookup_hash(bsn=BSN).encode() in raw  # the committed rows are in the bytes
    assert b"INSERT INTO" in logged
    assert _leaks(raw, BSN) == []
    assert _leaks(logged, BSN) == []
