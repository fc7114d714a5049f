"""Plaintext of vault data and the BSN never reach the disk or the logs.

A fresh sentinel string goes into a record's title, content and document through the vault
services; then the raw database (the SQLite file, or a ``pg_dump`` on PostgreSQL) and
every log line are searched for it. Transactional tests, so the data is really committed.
"""

import base64
import logging
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from tests import service_checks
from tests.conftest import ALICE_BSN
from vault import selectors, services
from vault.constants import Category
from vault.exceptions import CryptoError
from vault.models import Record
from vault.services import DocumentUpload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sentinel() -> str:
    return f"Geheim-{uuid.uuid4().hex}-ZorgBehoefte"


def _forms(secret: str) -> list[bytes]:
    """How ``secret`` would look if it leaked: raw, as hex (bytea in pg_dump), as base64."""
    raw = secret.encode()
    forms = [raw, raw.hex().encode()]
    for shift in range(3):
        chunk = raw[shift:]
        forms.append(base64.b64encode(chunk[: len(chunk) // 3 * 3]))
    return forms


def _leaks(haystack: bytes, *secrets: str) -> list[str]:
    return [secret for secret in secrets if any(form in haystack for form in _forms(secret))]


def _pdf(sentinel: str) -> DocumentUpload:
    data = b"%PDF-1.4\n% " + sentinel.encode() + b"\n%%EOF\n"
    return DocumentUpload(data=data, filename=f"{sentinel}.pdf", content_type="application/pdf")


def _store_everywhere(*, resident, sentinel: str) -> Record:
    """The sentinel in a title, content and document, in a current and an earlier version."""
    record = services.record_create(
        resident=resident,
        category=Category.HEALTH,
        title=f"Indicatie {sentinel}",
        content={"toelichting": sentinel, "uren": 4},
        document=_pdf(sentinel),
    )
    return services.record_update(
        resident=resident,
        record_id=record.id,
        title=f"Indicatie {sentinel} (nieuw)",
        content={"toelichting": f"bijgewerkt {sentinel}", "uren": 6},
        document=_pdf(f"{sentinel}-v2"),
    )


def _sqlite_bytes() -> bytes:
    name = Path(connection.settings_dict["NAME"])
    assert name.is_file(), f"the SQLite test database must be a file, not {name}"
    parts = [name, Path(f"{name}-wal"), Path(f"{name}-journal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def _pg_dump() -> bytes:
    problem = service_checks.program_problem("pg_dump", "postgresql-client")
    if problem:
        service_checks.missing(problem)
    db = connection.settings_dict
    command = ["pg_dump", "--data-only", "--no-owner", "--dbname", db["NAME"]]
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if db.get(key):
            command += [flag, str(db[key])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_it_finds_a_planted_leak():
    """The search itself works: otherwise every test below would pass without meaning."""
    secret = "Geheim-planted"
    assert _leaks(b"..." + secret.encode() + b"...", secret) == [secret]
    assert _leaks(b"\\x" + secret.encode().hex().encode(), secret) == [secret]
    assert _leaks(b"xx" + base64.b64encode(b"ab" + secret.encode()) + b"xx", secret) == [secret]
    assert _leaks(b"nothing here", secret) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the raw file check is for SQLite")
def test_it_keeps_plaintext_and_bsn_out_of_the_sqlite_file(alice, sentinel):
    record = _store_everywhere(resident=alice, sentinel=sentinel)

    raw = _sqlite_bytes()

    # The committed rows really are in the bytes searched.
    assert record.id.hex.encode() in raw
    assert b"alice" in raw
    assert _leaks(raw, sentinel, ALICE_BSN) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump runs on PostgreSQL")
def test_it_keeps_plaintext_and_bsn_out_of_a_pg_dump(alice, sentinel):
    record = _store_everywhere(resident=alice, sentinel=sentinel)

    dump = _pg_dump()

    assert str(record.id).encode() in dump
    assert b"alice" in dump
    assert _leaks(dump, sentinel, ALICE_BSN) == []


@pytest.fixture
def sql_logged(caplog):
    """Capture every log line at DEBUG, SQL statements with their parameters included."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    previous, connection.force_debug_cursor = connection.force_debug_cursor, True
    yield caplog
    connection.force_debug_cursor = previous


def _logged(caplog) -> bytes:
    lines = [caplog.text, *(record.getMessage() for record in caplog.records)]
    return "\n".join(lines).encode()


def test_it_keeps_plaintext_and_bsn_out_of_the_logs(sql_logged, sentinel):
    from vault.services import resident_create

    resident = resident_create(username="eva", password="eva-demo-pass", bsn=ALICE_BSN)
    record = _store_everywhere(resident=resident, sentinel=sentinel)
    selectors.record_get_for_resident(resident=resident, record_id=record.id)
    selectors.record_versions_for_resident(resident=resident, record_id=record.id)
    selectors.record_document_for_resident(resident=resident, record_id=record.id)
    selectors.resident_export(resident=resident)
    services.vault_erase(resident=resident)

    logged = _logged(sql_logged)
    assert b"INSERT INTO" in logged  # SQL with parameters really was captured
    assert _leaks(logged, sentinel, ALICE_BSN) == []


def test_it_keeps_plaintext_out_of_a_failing_decryption(alice, sql_logged, sentinel):
    record = _store_everywhere(resident=alice, sentinel=sentinel)
    tampered = bytearray(Record.objects.get(id=record.id).ciphertext)
    tampered[-1] ^= 0x01
    Record.objects.filter(id=record.id).update(ciphertext=bytes(tampered))

    with pytest.raises(CryptoError) as failure:
        selectors.record_get_for_resident(resident=alice, record_id=record.id)
    logging.getLogger("tests.privacy").exception("decryption failed", exc_info=failure.value)

    logged = _logged(sql_logged) + str(failure.value).encode() + repr(failure.value).encode()
    assert b"Traceback" in logged
    assert _leaks(logged, sentinel) == []


def test_it_keeps_plaintext_out_of_an_unknown_key_error(alice, sql_logged, sentinel):
    record = _store_everywhere(resident=alice, sentinel=sentinel)
    other_ring = [("other", bytes(32))]

    with override_settings(VAULT_KEYRING=other_ring), pytest.raises(CryptoError) as failure:
        selectors.record_get_for_resident(resident=alice, record_id=record.id)

    assert "is not in the key ring" in str(failure.value)
    logged = _logged(sql_logged) + str(failure.value).encode()
    assert _leaks(logged, sentinel) == []
