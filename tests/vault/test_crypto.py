"""Encryption: round trips, ciphertext bound to its place, and failing closed."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PNG_BYTES, RecordFactory, pdf_upload
from vault import crypto
from vault.constants import Category
from vault.exceptions import DecryptionError, UnknownKeyError
from vault.models import Record, Vault
from vault.selectors import (
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
)
from vault.services import DocumentUpload


def _aad(**overrides) -> bytes:
    fields = {
        "vault_id": uuid.UUID(int=1),
        "record_id": uuid.UUID(int=2),
        "version": 1,
        "category": "income",
        "part": "content",
    }
    return crypto.record_aad(**{**fields, **overrides})


@given(plaintext=st.binary(max_size=2048))
def test_it_round_trips_any_bytes(plaintext):
    key = crypto.new_key()

    assert crypto.decrypt(key, crypto.encrypt(key, plaintext, aad=_aad()), aad=_aad()) == plaintext


@pytest.mark.parametrize(
    "change",
    [
        {"vault_id": uuid.UUID(int=9)},
        {"record_id": uuid.UUID(int=9)},
        {"version": 2},
        {"category": "health"},
        {"part": "document"},
    ],
)
def test_it_refuses_a_ciphertext_under_other_associated_data(change):
    key = crypto.new_key()
    sealed = crypto.encrypt(key, b"inkomen 1800", aad=_aad())

    with pytest.raises(DecryptionError):
        crypto.decrypt(key, sealed, aad=_aad(**change))


def test_it_refuses_a_ciphertext_with_one_flipped_bit():
    key = crypto.new_key()
    sealed = bytearray(crypto.encrypt(key, b"inkomen 1800", aad=_aad()))
    sealed[-1] ^= 1

    with pytest.raises(DecryptionError):
        crypto.decrypt(key, bytes(sealed), aad=_aad())


def test_it_round_trips_content_and_documents_through_the_vault(alice):
    record = RecordFactory(
        resident=alice,
        title="Beschikking",
        content={"bedrag": 1450.5, "regels": ["één", "twee"], "leeg": None},
        document=DocumentUpload(data=PNG_BYTES, filename="scan.png", content_type="image/png"),
    )

    data = record_get_for_resident(resident=alice, record_id=record.id)
    meta, document = record_document_for_resident(resident=alice, record_id=record.id)

    assert (data.title, data.content) == (
        "Beschikking",
        {"bedrag": 1450.5, "regels": ["één", "twee"], "leeg": None},
    )
    assert (document, meta["content_type"], meta["size"]) == (
        PNG_BYTES,
        "image/png",
        len(PNG_BYTES),
    )


def test_it_stores_only_ciphertext(alice):
    record = RecordFactory(resident=alice, title="Schuldhulptraject", content={"x": "geheim"})

    stored = bytes(Record.objects.get(id=record.id).ciphertext)

    assert b"Schuldhulptraject" not in stored and b"geheim" not in stored


def test_it_fails_on_ciphertext_moved_to_another_record(alice):
    first = RecordFactory(resident=alice, title="Eerste")
    second = RecordFactory(resident=alice, title="Tweede")

    Record.objects.filter(id=second.id).update(ciphertext=first.ciphertext)

    with pytest.raises(DecryptionError):
        record_get_for_resident(resident=alice, record_id=second.id)
    assert record_get_for_resident(resident=alice, record_id=first.id).title == "Eerste"


def test_it_fails_on_a_document_moved_to_another_record(alice):
    first = RecordFactory(resident=alice, document=pdf_upload())
    second = RecordFactory(resident=alice, document=pdf_upload())

    Record.objects.filter(id=second.id).update(document_ciphertext=first.document_ciphertext)

    with pytest.raises(DecryptionError):
        record_document_for_resident(resident=alice, record_id=second.id)


def test_it_fails_on_ciphertext_moved_to_another_resident(alice, dave):
    alices = RecordFactory(resident=alice, category=Category.INCOME)
    daves = RecordFactory(resident=dave, category=Category.INCOME)

    Record.objects.filter(id=daves.id).update(ciphertext=alices.ciphertext)

    with pytest.raises(DecryptionError):
        record_get_for_resident(resident=dave, record_id=daves.id)


def test_it_fails_on_a_record_row_moved_into_another_vault(alice, dave):
    record = RecordFactory(resident=alice)

    Record.objects.filter(id=record.id).update(vault=Vault.objects.get(resident=dave))

    with pytest.raises(DecryptionError):
        record_list_for_resident(resident=dave)


def test_it_fails_on_a_changed_category_or_version(alice, alice_record):
    Record.objects.filter(id=alice_record.id).update(category=Category.INCOME)

    with pytest.raises(DecryptionError):
        record_get_for_resident(resident=alice, record_id=alice_record.id)

    Record.objects.filter(id=alice_record.id).update(category=Category.HEALTH, version=1)

    with pytest.raises(DecryptionError):
        record_versions_for_resident(resident=alice, record_id=alice_record.id)


def test_it_fails_on_a_data_key_moved_to_another_vault(alice, dave):
    record = RecordFactory(resident=dave)
    alices = Vault.objects.get(resident=alice)

    Vault.objects.filter(resident=dave).update(wrapped_dek=alices.wrapped_dek)

    with pytest.raises(DecryptionError):
        record_get_for_resident(resident=dave, record_id=record.id)


def test_it_fails_closed_when_the_key_encryption_key_is_unknown(alice, settings):
    record = RecordFactory(resident=alice)

    settings.VAULT_KEYRING = [("somebody-elses", crypto.new_key())]

    with pytest.raises(UnknownKeyError, match="not in the key ring"):
        record_get_for_resident(resident=alice, record_id=record.id)


def test_it_fails_closed_when_a_key_id_holds_another_key(alice, settings):
    record = RecordFactory(resident=alice)
    kek_id = Vault.objects.get(resident=alice).kek_id

    settings.VAULT_KEYRING = [(kek_id, crypto.new_key())]

    with pytest.raises(DecryptionError):
        record_get_for_resident(resident=alice, record_id=record.id)


def test_it_hashes_a_bsn_with_its_own_key(settings):
    digest = crypto.bsn_hash("111222333")

    settings.BSN_HASH_KEY = crypto.new_key()

    assert len(digest) == 64 and "111222333" not in digest
    assert crypto.bsn_hash("111222333") != digest
