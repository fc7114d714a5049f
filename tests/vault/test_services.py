"""Writes to the vault: records, versions, documents, erasure and key rotation."""

import pytest

from accounts.models import User
from tests.factories import PDF_BYTES, RecordFactory, pdf_upload
from vault import crypto, services
from vault.constants import Category, VaultState
from vault.exceptions import (
    BsnTaken,
    ContentTooLarge,
    DecryptionError,
    InvalidBsn,
    InvalidDocument,
    RecordNotFound,
    VaultError,
    VaultNotFound,
)
from vault.models import Record, RecordVersion, Vault
from vault.selectors import (
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    vault_dek,
)
from vault.services import DocumentUpload, erasure, record_create, record_update

# Named by dotted path in DATAMEENT_ERASURE_STEPS below.
ERASURE_STEP_CALLS: list[str] = []


def failing_erasure_step(*, resident: User) -> None:
    raise RuntimeError("the consent register is unreachable")


def recording_erasure_step(*, resident: User) -> None:
    ERASURE_STEP_CALLS.append(resident.username)


def test_it_keeps_every_version_encrypted_and_shows_them_newest_first(alice):
    record = RecordFactory(resident=alice, title="Loonstrook", content={"netto": 1})
    record_update(resident=alice, record_id=record.id, title="Loonstrook mei", content={"netto": 2})
    record_update(resident=alice, record_id=record.id, content={"netto": 3})

    versions = record_versions_for_resident(resident=alice, record_id=record.id)

    assert [(v.version, v.title, v.content) for v in versions] == [
        (3, "Loonstrook mei", {"netto": 3}),
        (2, "Loonstrook mei", {"netto": 2}),
        (1, "Loonstrook", {"netto": 1}),
    ]
    assert RecordVersion.objects.filter(record_id=record.id).count() == 2


def test_it_keeps_the_document_when_only_the_content_changes(alice):
    record = RecordFactory(resident=alice, document=pdf_upload())

    record_update(resident=alice, record_id=record.id, content={"nieuw": True})

    meta, data = record_document_for_resident(resident=alice, record_id=record.id)
    assert (data, meta["filename"]) == (PDF_BYTES, "beschikking.pdf")


def test_it_removes_a_document_as_a_new_version(alice, alice_record):
    services.record_document_remove(resident=alice, record_id=alice_record.id)

    with pytest.raises(RecordNotFound):
        record_document_for_resident(resident=alice, record_id=alice_record.id)
    versions = record_versions_for_resident(resident=alice, record_id=alice_record.id)
    assert [v.document is None for v in versions] == [True, False, False]
    with pytest.raises(RecordNotFound):
        services.record_document_remove(resident=alice, record_id=alice_record.id)


def test_it_cleans_a_document_file_name(alice):
    upload = pdf_upload(filename='../../etc/"passwd"\r\nX-Evil: 1.pdf')

    record = RecordFactory(resident=alice, document=upload)

    meta, _ = record_document_for_resident(resident=alice, record_id=record.id)
    assert meta["filename"] == '"passwd"X-Evil: 1.pdf'


def test_it_resets_provenance_when_the_resident_edits(alice, municipality):
    record = RecordFactory(
        resident=alice, provenance="organisation", source_organisation=municipality
    )

    record_update(resident=alice, record_id=record.id, content={"gecorrigeerd": True})

    current, original = record_versions_for_resident(resident=alice, record_id=record.id)
    assert (current.provenance, current.source_organisation) == ("resident", None)
    assert (original.provenance, original.source_organisation) == (
        "organisation",
        "Gemeente Meenthuizen",
    )


@pytest.mark.parametrize(
    ("changes", "error", "code"),
    [
        ({"category": "pensioen"}, VaultError, "unknown_category"),
        ({"title": "   "}, VaultError, "title_required"),
        ({"title": "x" * 201}, VaultError, "title_too_long"),
        ({"content": {"bedrag": float("nan")}}, VaultError, "invalid_content"),
        ({"content": {"blob": "x" * 70_000}}, ContentTooLarge, "content_too_large"),
        ({"document": pdf_upload(data=b"<html>")}, InvalidDocument, "invalid_document"),
        (
            {"document": DocumentUpload(data=PDF_BYTES, filename="a.pdf", content_type="text/pdf")},
            InvalidDocument,
            "invalid_document",
        ),
    ],
)
def test_it_refuses_bad_input_with_a_clear_code(alice, changes, error, code):
    arguments = {"resident": alice, "category": "income", "title": "Loonstrook", "content": {}}

    with pytest.raises(error) as raised:
        record_create(**{**arguments, **changes})

    assert raised.value.code == code
    assert not Record.objects.exists()


def test_it_refuses_a_document_over_the_limit(alice, settings):
    settings.VAULT_MAX_DOCUMENT_BYTES = 100

    with pytest.raises(ContentTooLarge) as raised:
        RecordFactory(resident=alice, document=pdf_upload(data=PDF_BYTES + b"0" * 100))

    assert raised.value.code == "document_too_large"


def test_it_refuses_an_invalid_or_taken_bsn(alice):
    with pytest.raises(InvalidBsn):
        services.vault_create(resident=alice, bsn="123456789")
    with pytest.raises(BsnTaken):
        services.vault_create(resident=alice, bsn="111222333")


def test_it_never_lets_a_resident_touch_another_residents_record(alice, dave, dave_record):
    with pytest.raises(RecordNotFound):
        record_update(resident=alice, record_id=dave_record.id, title="Van mij")
    with pytest.raises(RecordNotFound):
        services.record_delete(resident=alice, record_id=dave_record.id)
    assert record_get_for_resident(resident=dave, record_id=dave_record.id).title == "Huurcontract"


def test_it_deletes_a_record_with_its_versions(alice, alice_record):
    services.record_delete(resident=alice, record_id=alice_record.id)

    assert not Record.objects.filter(id=alice_record.id).exists()
    assert not RecordVersion.objects.filter(record_id=alice_record.id).exists()


def _nothing_left_of(user_id: int, vault_id) -> None:
    assert not Vault.objects.filter(id=vault_id).exists()
    assert not Record.objects.filter(vault_id=vault_id).exists()
    assert not RecordVersion.objects.filter(record__vault_id=vault_id).exists()
    assert not User.objects.filter(id=user_id).exists()


def test_it_erases_the_vault_and_the_account_and_leaves_others_alone(alice, alice_record, dave):
    vault = Vault.objects.get(resident=alice)
    daves = RecordFactory(resident=dave, title="Huurcontract Dave")

    services.vault_erase(resident=alice)

    _nothing_left_of(alice.id, vault.id)
    assert not Vault.objects.filter(bsn_hash=crypto.bsn_hash("111222333")).exists()
    assert record_get_for_resident(resident=dave, record_id=daves.id).title == "Huurcontract Dave"


def test_it_leaves_nothing_decryptable_when_erasure_stops_after_the_shredding(alice, alice_record):
    vault = Vault.objects.get(resident=alice)

    erasure._vault_shred(resident=alice)  # the crash: the row deletion never runs

    shredded = Vault.objects.get(id=vault.id)
    assert (shredded.wrapped_dek, shredded.kek_id, shredded.bsn_hash) == (None, "", None)
    assert shredded.state == VaultState.ERASING
    with pytest.raises(DecryptionError):
        vault_dek(shredded)
    with pytest.raises(VaultNotFound):
        record_get_for_resident(resident=alice, record_id=alice_record.id)
    with pytest.raises(VaultNotFound):
        record_update(resident=alice, record_id=alice_record.id, title="Nieuw")

    assert services.vault_erasures_finish() == 1
    _nothing_left_of(alice.id, vault.id)
    assert services.vault_erasures_finish() == 0


def test_it_runs_other_apps_erasure_steps_and_keeps_everything_when_one_fails(
    alice, alice_record, settings
):
    ERASURE_STEP_CALLS.clear()
    settings.DATAMEENT_ERASURE_STEPS = [
        "tests.vault.test_services.recording_erasure_step",
        "tests.vault.test_services.failing_erasure_step",
    ]

    with pytest.raises(RuntimeError):
        services.vault_erase(resident=alice)

    assert ERASURE_STEP_CALLS == ["alice"]
    assert record_get_for_resident(resident=alice, record_id=alice_record.id).version == 2


def test_it_erases_a_resident_without_a_vault_with_every_step(bob, settings):
    from accounts.constants import Role
    from accounts.services import user_create

    ERASURE_STEP_CALLS.clear()
    settings.DATAMEENT_ERASURE_STEPS = ["tests.vault.test_services.recording_erasure_step"]
    erin = user_create(username="erin", password=None, role=Role.RESIDENT)  # made in the admin

    services.vault_erase(resident=erin)

    assert ERASURE_STEP_CALLS == ["erin"]
    assert not User.objects.filter(username="erin").exists()
    assert User.objects.filter(id=bob.id).exists()


def test_it_erases_no_account_but_a_residents(bob):
    with pytest.raises(VaultNotFound):
        services.vault_erase(resident=bob)

    assert User.objects.filter(id=bob.id, is_active=True).exists()


def test_it_logs_in_nobody_with_a_session_of_an_erased_resident(alice, client):
    client.force_login(alice)

    services.vault_erase(resident=alice)

    assert client.get("/api/v1/me/records/").status_code == 403


def test_it_rewraps_a_data_key_without_touching_records(alice, alice_record, settings):
    before = Record.objects.get(id=alice_record.id).ciphertext
    settings.VAULT_KEYRING = [("nieuw", crypto.new_key()), *settings.VAULT_KEYRING]
    services.kek_activate(kek_id="nieuw")
    vault = Vault.objects.get(resident=alice)

    assert services.vault_rewrap_dek(vault_id=vault.id) is True
    assert services.vault_rewrap_dek(vault_id=vault.id) is False

    assert Vault.objects.get(id=vault.id).kek_id == "nieuw"
    assert bytes(Record.objects.get(id=alice_record.id).ciphertext) == bytes(before)
    settings.VAULT_KEYRING = settings.VAULT_KEYRING[:1]
    assert record_get_for_resident(resident=alice, record_id=alice_record.id).version == 2


def test_it_rotates_a_data_key_and_re_encrypts_every_version(alice, alice_record, dave_record):
    vault = Vault.objects.get(resident=alice)
    old_dek, before = vault_dek(vault), _ciphertexts()
    versions_before = record_versions_for_resident(resident=alice, record_id=alice_record.id)

    services.vault_rotate_dek(vault_id=vault.id)

    after = _ciphertexts()
    assert all(after[key] != before[key] for key in before if key[0] == "alice")
    assert all(after[key] == before[key] for key in before if key[0] == "dave")
    assert Vault.objects.get(id=vault.id).dek_generation == 2
    assert record_versions_for_resident(resident=alice, record_id=alice_record.id) == (
        versions_before
    )
    assert record_document_for_resident(resident=alice, record_id=alice_record.id)[1] == PDF_BYTES
    record = Record.objects.get(id=alice_record.id)
    with pytest.raises(DecryptionError):
        crypto.decrypt(old_dek, record.ciphertext, aad=_content_aad(record))


def _content_aad(record: Record) -> bytes:
    return crypto.record_aad(
        vault_id=record.vault_id,
        record_id=record.id,
        version=record.version,
        category=record.category,
        part="content",
    )


def _ciphertexts() -> dict[tuple, bytes]:
    found = {}
    for record in Record.objects.select_related("vault__resident"):
        found[(record.vault.resident.username, record.id, "current")] = bytes(record.ciphertext)
    for version in RecordVersion.objects.select_related("record__vault__resident"):
        owner = version.record.vault.resident.username
        found[(owner, version.record_id, version.version)] = bytes(version.ciphertext)
    return found


def test_it_does_not_rotate_an_erased_vault(alice):
    vault = Vault.objects.get(resident=alice)
    erasure._vault_shred(resident=alice)

    with pytest.raises(VaultNotFound):
        services.vault_rotate_dek(vault_id=vault.id)


def test_it_lists_records_by_category(alice):
    RecordFactory(resident=alice, category=Category.INCOME, title="Loon")
    RecordFactory(resident=alice, category=Category.DEBTS, title="Schuld")

    titles = [r.title for r in record_list_for_resident(resident=alice, category="debts")]

    assert titles == ["Schuld"]
