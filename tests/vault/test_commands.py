"""Management commands: key ring rotation, data key rotation and erasures."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import RecordFactory, pdf_upload
from vault import crypto, services
from vault.models import Record, RecordVersion, Vault
from vault.selectors import vault_export_section
from vault.services import erasure


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def _everything(*residents) -> list:
    """Every version of every record, decrypted; documents included."""
    return [vault_export_section(resident=resident) for resident in residents]


@pytest.fixture
def two_vaults(alice, dave, alice_record, dave_record):
    RecordFactory(resident=dave, document=pdf_upload())
    return alice, dave


def test_it_rotates_the_key_ring_so_the_old_key_can_go(two_vaults, settings):
    before = _everything(*two_vaults)
    old_ring = list(settings.VAULT_KEYRING)
    settings.VAULT_KEYRING = [("kek-2027", crypto.new_key()), *old_ring]

    first = _run("rotate_keyring", "--only-this-process")
    second = _run("rotate_keyring", "--only-this-process")
    settings.VAULT_KEYRING = settings.VAULT_KEYRING[:1]

    assert "2 vault(s) to re-wrap, 2 re-wrapped, 0 failed" in first
    assert "0 vault(s) to re-wrap, 0 re-wrapped, 0 failed" in second
    assert set(Vault.objects.values_list("kek_id", flat=True)) == {"kek-2027"}
    assert _everything(*two_vaults) == before


def test_it_resumes_an_interrupted_rotation(two_vaults, settings):
    alice, _ = two_vaults
    settings.VAULT_KEYRING = [("kek-2027", crypto.new_key()), *settings.VAULT_KEYRING]
    services.kek_activate(kek_id="kek-2027")
    services.vault_rewrap_dek(vault_id=Vault.objects.get(resident=alice).id)

    output = _run("rotate_keyring", "--only-this-process")

    assert "1 vault(s) to re-wrap, 1 re-wrapped" in output


def test_it_reports_a_vault_whose_key_is_missing_and_changes_nothing(two_vaults, settings):
    settings.VAULT_KEYRING = [("kek-2027", crypto.new_key())]  # the old key is already gone

    with pytest.raises(CommandError, match="2 vault"):
        _run("rotate_keyring", "--only-this-process")

    assert "kek-2027" not in set(Vault.objects.values_list("kek_id", flat=True))


def test_it_rotates_one_residents_data_key(two_vaults):
    alice, dave = two_vaults
    before = _everything(alice, dave)
    alices = Vault.objects.get(resident=alice)
    sealed = set(Record.objects.values_list("ciphertext", flat=True))

    output = _run("rotate_dek", "--resident", "alice")
    _run("rotate_dek", "--vault", str(alices.id))

    assert f"Vault {alices.id} has a new data key" in output
    assert Vault.objects.get(id=alices.id).dek_generation == 3
    assert Vault.objects.get(resident=dave).dek_generation == 1
    assert _everything(alice, dave) == before
    now = set(Record.objects.values_list("ciphertext", flat=True))
    assert len(sealed - now) == 1  # only alice's one record changed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resident", "niemand"], "has no active vault"),
        (["--resident", "bob"], "has no active vault"),
        (["--vault", "geen-uuid"], "is not a vault id"),
        (["--vault", "00000000-0000-0000-0000-000000000000"], "no active vault"),
    ],
)
def test_it_refuses_an_unknown_vault(bob, args, message):
    with pytest.raises(CommandError, match=message):
        _run("rotate_dek", *args)


def test_it_finishes_interrupted_erasures(alice, alice_record, dave_record):
    erasure._vault_shred(resident=alice)  # crashed right after the data key was destroyed

    output = _run("finish_erasures")

    assert "Finished 1 interrupted erasure(s)." in output
    assert not User.objects.filter(username="alice").exists()
    assert not RecordVersion.objects.filter(record_id=alice_record.id).exists()
    assert Record.objects.filter(id=dave_record.id).exists()
    assert "Finished 0" in _run("finish_erasures")
