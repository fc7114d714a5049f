"""Key ring rotation that no order of operator steps can break (issue 16, item 10).

A new key wraps data only after every process holds it: ``rotate_keyring`` asks each
process's /readyz for the key ids it holds and refuses while one lacks the new key. Until
the key is activated, a process that already lists it first keeps wrapping under the
active one, so a rolling restart never writes a key that an older process cannot read.
"""

import base64
import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vault import crypto, services
from vault.models import Vault
from vault.selectors import active_kek_id, record_list_for_resident

ROOT = Path(__file__).resolve().parents[2]
NEW = ("kek-2027", crypto.new_key())


def _ring_text(ring) -> str:
    return ",".join(f"{kid}:{base64.b64encode(key).decode()}" for kid, key in ring)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _rotate_elsewhere(ring, *args: str) -> subprocess.CompletedProcess:
    """``manage.py rotate_keyring`` as the operator runs it: its own process and key ring."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "VAULT_KEYRING": _ring_text(ring),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    env.pop("CELERY_BROKER_URL", None)
    command = [sys.executable, "manage.py", "rotate_keyring", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_vaults(alice, dave, alice_record, dave_record):
    return alice, dave


def _kek_ids() -> set[str]:
    return set(Vault.objects.values_list("kek_id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_it_refuses_while_a_web_process_lacks_the_new_key(live_server, two_vaults, settings):
    old_ring = list(settings.VAULT_KEYRING)  # the live server has not loaded the new key
    before = _kek_ids()

    result = _rotate_elsewhere([NEW, *old_ring], "--readiness-url", f"{live_server.url}/readyz")

    assert result.returncode != 0
    assert "kek-2027" in result.stderr and live_server.url in result.stderr
    assert _kek_ids() == before
    assert active_kek_id() == old_ring[0][0]
    # The web process still reads everything.
    assert len(record_list_for_resident(resident=two_vaults[0])) == 1


@pytest.mark.django_db(transaction=True)
def test_it_rotates_once_every_process_holds_the_key(live_server, two_vaults, settings):
    old_ring = list(settings.VAULT_KEYRING)
    settings.VAULT_KEYRING = [NEW, *old_ring]  # the web process restarted with the new ring

    result = _rotate_elsewhere([NEW, *old_ring], "--readiness-url", f"{live_server.url}/readyz")

    assert result.returncode == 0, result.stderr
    assert "2 re-wrapped, 0 failed" in result.stdout
    assert _kek_ids() == {"kek-2027"}
    assert active_kek_id() == "kek-2027"
    settings.VAULT_KEYRING = [NEW]  # the old key can go now
    assert len(record_list_for_resident(resident=two_vaults[0])) == 1


def test_it_refuses_when_a_process_does_not_answer(two_vaults, settings):
    settings.VAULT_KEYRING = [NEW, *settings.VAULT_KEYRING]
    url = f"http://127.0.0.1:{_closed_port()}/readyz"

    with pytest.raises(CommandError, match="does not answer"):
        call_command("rotate_keyring", "--readiness-url", url, stdout=StringIO())

    assert "kek-2027" not in _kek_ids()


def test_it_refuses_without_readiness_urls(two_vaults, settings):
    settings.VAULT_KEYRING = [NEW, *settings.VAULT_KEYRING]
    settings.VAULT_READINESS_URLS = []

    with pytest.raises(CommandError, match="readiness"):
        call_command("rotate_keyring", stdout=StringIO())

    assert "kek-2027" not in _kek_ids()


def test_a_process_with_the_new_key_first_wraps_under_the_active_key_until_activated(
    alice, dave, settings
):
    old_id = settings.VAULT_KEYRING[0][0]
    settings.VAULT_KEYRING = [NEW, *settings.VAULT_KEYRING]

    from vault.services import resident_create

    erin = resident_create(username="erin", password="erin-demo-pass", bsn="100000009")
    services.vault_rotate_dek(vault_id=Vault.objects.get(resident=alice).id)

    assert Vault.objects.get(resident=erin).kek_id == old_id
    assert Vault.objects.get(resident=alice).kek_id == old_id
    call_command("rotate_keyring", "--only-this-process", stdout=StringIO())
    frank = resident_create(username="frank", password="frank-demo-pass", bsn="100000010")
    assert Vault.objects.get(resident=frank).kek_id == "kek-2027"
