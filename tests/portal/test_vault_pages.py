import re

import pytest
from django.test import Client

from vault.models import Record, Vault
from vault.selectors import record_list_for_resident

PDF = b"%PDF-1.4\n% demo\n"


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


def test_it_stores_edits_and_shows_versions(alice_client, alice):
    response = alice_client.post(
        "/mijn-gegevens/nieuw/housing/", {"title": "Huurcontract", "rent_per_month": "750"}
    )
    record_id = response["Location"].rstrip("/").split("/")[-1]
    alice_client.post(
        f"/mijn-gegevens/{record_id}/wijzigen/",
        {"title": "Huurcontract 2026", "rent_per_month": "780,50"},
    )

    page = alice_client.get(f"/mijn-gegevens/{record_id}/versies/").content.decode()
    assert "€ 750,00" in page and "€ 780,50" in page
    assert [r.title for r in record_list_for_resident(resident=alice)] == ["Huurcontract 2026"]


def test_it_keeps_a_document_and_offers_it_for_download(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("beschikking.pdf", PDF, content_type="application/pdf")
    response = alice_client.post(
        "/mijn-gegevens/nieuw/document/",
        {"title": "Beschikking", "description": "Beschikking Wmo", "document": upload},
    )
    download = alice_client.get(response["Location"] + "document/")

    assert download.status_code == 200
    assert download.content == PDF
    assert download["Cache-Control"] == "no-store"


def test_it_shows_a_clear_error_for_a_wrong_document(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.exe", b"MZ...", content_type="application/pdf")
    response = alice_client.post(
        "/mijn-gegevens/nieuw/document/", {"title": "X", "description": "X", "document": upload}
    )

    assert response.status_code == 200
    assert "PDF, PNG" in response.content.decode()
    assert not Record.objects.exists()


def test_it_gives_404_for_another_residents_record(alice, dave):
    from vault.services import record_create

    record = record_create(resident=alice, category="income", title="Loon", content={})
    client = Client()
    client.force_login(dave)

    assert client.get(f"/mijn-gegevens/{record.id}/").status_code == 404
    assert client.get(f"/mijn-gegevens/{record.id}/document/").status_code == 404


@pytest.mark.parametrize("user", ["bob", "carol", "root"])
def test_it_hides_resident_pages_from_other_roles(request, user, alice):
    client = Client()
    client.force_login(request.getfixturevalue(user))

    assert client.get("/mijn-gegevens/").status_code == 404


def test_it_erases_only_after_the_confirmation_phrase(alice_client, alice):
    assert alice_client.post("/downloaden-of-wissen/wissen/", {"confirm": "ja"}).status_code == 400
    assert Vault.objects.filter(resident=alice).exists()

    response = alice_client.post("/downloaden-of-wissen/wissen/", {"confirm": "wissen"})

    assert response.status_code == 200
    assert not Vault.objects.exists()


def test_it_serves_the_pages_in_dutch_and_english(alice_client):
    dutch = alice_client.get("/mijn-gegevens/").content.decode()
    alice_client.post("/i18n/setlang/", {"language": "en"})
    english = alice_client.get("/mijn-gegevens/").content.decode()

    assert '<html lang="nl">' in dutch
    assert '<html lang="en">' in english
    assert re.search(r'<a class="[^"]*skip-link[^"]*" href="#inhoud">', dutch)
