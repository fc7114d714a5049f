"""The admin shows vault metadata only: no plaintext, no ciphertext, no way around the services."""

import pytest
from django.test import Client

from tests.factories import RecordFactory, pdf_upload
from vault.models import Vault
from vault.services import record_update

SENTINEL = "Sentinel-Zorgdossier-7f3a"


@pytest.fixture
def secret_record(alice):
    record = RecordFactory(
        resident=alice,
        title=f"Titel {SENTINEL}",
        content={"notitie": SENTINEL},
        document=pdf_upload(data=b"%PDF-1.4 " + SENTINEL.encode(), filename=f"{SENTINEL}.pdf"),
    )
    return record_update(resident=alice, record_id=record.id, content={"nieuw": SENTINEL})


def _pages(record) -> list[str]:
    vault_id = record.vault_id
    version_id = record.versions.get().pk
    return [
        "/admin/vault/record/",
        f"/admin/vault/record/{record.id}/change/",
        "/admin/vault/recordversion/",
        f"/admin/vault/recordversion/{version_id}/change/",
        "/admin/vault/vault/",
        f"/admin/vault/vault/{vault_id}/change/",
    ]


def test_it_shows_metadata_but_no_plaintext_to_a_superuser(root_client, secret_record):
    for url in _pages(secret_record):
        response = root_client.get(url)
        page = response.content.decode()

        assert response.status_code == 200, url
        assert SENTINEL not in page, url
        assert "ciphertext" not in page.lower(), url
    record_page = root_client.get(f"/admin/vault/record/{secret_record.id}/change/")
    assert str(secret_record.id) in record_page.content.decode()


def test_it_shows_the_key_id_and_sizes(root_client, secret_record):
    vault = Vault.objects.get(id=secret_record.vault_id)

    vault_page = root_client.get(f"/admin/vault/vault/{vault.id}/change/").content.decode()
    list_page = root_client.get("/admin/vault/record/").content.decode()

    assert vault.kek_id in vault_page and vault.bsn_hash not in vault_page
    assert str(len(secret_record.ciphertext)) in list_page


def test_it_offers_no_way_to_add_change_or_delete(root_client, secret_record):
    forbidden = [
        root_client.get("/admin/vault/record/add/"),
        root_client.get(f"/admin/vault/record/{secret_record.id}/delete/"),
        root_client.post(f"/admin/vault/record/{secret_record.id}/change/", {"category": "debts"}),
        root_client.get(f"/admin/vault/vault/{secret_record.vault_id}/delete/"),
        root_client.get("/admin/vault/recordversion/add/"),
    ]
    changelist = root_client.get("/admin/vault/record/").content.decode()

    assert [r.status_code for r in forbidden] == [403] * 5
    assert "delete_selected" not in changelist and 'name="action"' not in changelist


def test_it_keeps_caseworkers_out_of_the_admin(bob, secret_record):
    client = Client()
    client.force_login(bob)

    assert client.get("/admin/vault/record/").status_code == 302
