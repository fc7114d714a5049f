"""The resident API: /api/v1/me/records/, export/ and vault/."""

import base64
import json

import pytest
from rest_framework.test import APIClient

from tests.factories import PDF_BYTES, PNG_BYTES, RecordFactory
from tests.vault.conftest import client_for
from vault.constants import Category
from vault.models import Record, RecordVersion, Vault
from vault.selectors import record_get_for_resident

RECORDS = "/api/v1/me/records/"


def _url(record, suffix: str = "") -> str:
    return f"{RECORDS}{record.id}/{suffix}"


def _is_private(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_it_creates_and_lists_a_record(alice_api):
    body = {"type": "income", "title": "Loonstrook april", "content": {"amount_per_month": 1812.4}}

    created = alice_api.post(RECORDS, body, format="json")
    listed = alice_api.get(RECORDS)

    assert created.status_code == 201, created.json()
    assert created.json() | {"id": None, "created_at": None, "updated_at": None} == {
        "id": None,
        "category": "income",
        "version": 1,
        "title": "Loonstrook april",
        "type": "income",
        "content": {"amount_per_month": 1812.4},
        "document": None,
        "provenance": "resident",
        "source_organisation": None,
        "created_at": None,
        "updated_at": None,
        "erase_after": None,
    }
    assert listed.json()["count"] == 1
    assert listed.json()["results"][0]["id"] == created.json()["id"]
    assert _is_private(created) and _is_private(listed)


def test_it_filters_the_list_by_category_and_refuses_an_unknown_one(alice, alice_api):
    RecordFactory(resident=alice, category=Category.INCOME)
    RecordFactory(resident=alice, category=Category.DEBTS)

    debts = alice_api.get(RECORDS, {"category": "debts"})
    unknown = alice_api.get(RECORDS, {"category": "pensioen"})

    assert [r["category"] for r in debts.json()["results"]] == ["debts"]
    assert unknown.status_code == 400 and "category" in unknown.json()["errors"]


def test_it_paginates_the_list(alice, alice_api):
    for _ in range(3):
        RecordFactory(resident=alice)

    first = alice_api.get(RECORDS)
    beyond = alice_api.get(RECORDS, {"page": 2})

    assert (first.json()["count"], first.json()["next"]) == (3, None)
    assert (beyond.status_code, beyond.json()["code"]) == (404, "not_found")


def test_it_updates_with_put_and_patch_and_keeps_versions(alice_api, alice_record):
    put = alice_api.put(
        _url(alice_record),
        {"category": "health", "title": "Indicatie", "content": {"household_help_hours": 4}},
        format="json",
    )
    patch = alice_api.patch(_url(alice_record), {"erase_after": "2030-01-01"}, format="json")
    versions = alice_api.get(_url(alice_record, "versions/")).json()

    assert put.status_code == 200 and put.json()["version"] == 3
    assert patch.json() | {"updated_at": None, "created_at": None} == put.json() | {
        "version": 4,
        "erase_after": "2030-01-01",
        "updated_at": None,
        "created_at": None,
    }
    assert [v["version"] for v in versions] == [4, 3, 2, 1]
    assert [v["content"] for v in versions[2:]] == [{"uren_per_week": 3}, {"uren_per_week": 2}]
    assert versions[2]["document"]["filename"] == "beschikking.pdf"


def test_it_deletes_a_record(alice_api, alice_record):
    response = alice_api.delete(_url(alice_record))

    assert response.status_code == 204
    assert alice_api.get(_url(alice_record)).status_code == 404
    assert not RecordVersion.objects.filter(record_id=alice_record.id).exists()


def test_it_uploads_downloads_and_removes_a_document(alice_api, alice_record):
    upload = alice_api.put(
        _url(alice_record, "document/"),
        PNG_BYTES,
        content_type="image/png",
        HTTP_CONTENT_DISPOSITION='attachment; filename="scan mei.png"',
    )
    download = alice_api.get(_url(alice_record, "document/"), HTTP_ACCEPT="image/png")

    assert upload.status_code == 200 and upload.json()["document"] == {
        "filename": "scan mei.png",
        "content_type": "image/png",
        "size": len(PNG_BYTES),
    }
    assert download.content == PNG_BYTES and download["Content-Type"] == "image/png"
    assert download["Content-Disposition"] == 'attachment; filename="scan mei.png"'
    assert _is_private(download)

    removed = alice_api.delete(_url(alice_record, "document/"))
    again = alice_api.delete(_url(alice_record, "document/"))

    assert removed.status_code == 204
    assert (again.status_code, again.json()["code"]) == (404, "document_not_found")
    assert alice_api.get(_url(alice_record)).json()["version"] == 4


def test_it_accepts_a_multipart_upload(alice, alice_api, alice_record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("uitslag.pdf", PDF_BYTES, content_type="application/pdf")

    response = alice_api.put(_url(alice_record, "document/"), {"file": file}, format="multipart")

    assert response.status_code == 200
    assert response.json()["document"]["filename"] == "uitslag.pdf"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"hallo", "text/plain", 415, "unsupported_media_type"),
        (b'{"file": 1}', "application/json", 415, "unsupported_media_type"),
        (b"<html>", "application/pdf", 400, "invalid_document"),
        (PDF_BYTES, "image/png", 400, "invalid_document"),
        (PDF_BYTES + b"0" * 600, "application/pdf", 413, "document_too_large"),
    ],
)
def test_it_refuses_a_bad_document(
    alice_api, alice_record, settings, body, content_type, status, code
):
    settings.VAULT_MAX_DOCUMENT_BYTES = 500

    response = alice_api.put(_url(alice_record, "document/"), body, content_type=content_type)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"]


def test_it_refuses_an_oversized_multipart_upload(alice_api, alice_record, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.VAULT_MAX_DOCUMENT_BYTES = 500
    file = SimpleUploadedFile("groot.pdf", PDF_BYTES + b"0" * 5000, content_type="application/pdf")

    response = alice_api.put(_url(alice_record, "document/"), {"file": file}, format="multipart")

    assert (response.status_code, response.json()["code"]) == (413, "document_too_large")


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"category": "income", "title": ', "application/json", 400, "malformed_json"),
        (b"\xff\xfe\x00", "application/json", 400, "invalid_characters"),
        (b"\xff\xfe", "application/json", 400, "malformed_json"),
        (
            b'{"c": ' + b'["\\u0041", ' * 5000 + b"]" * 5000 + b"}",
            "application/json",
            400,
            "json_too_deep",
        ),
        (b'{"a": NaN}', "application/json", 400, "malformed_json"),
        (b'{"c": ' + b"[" * 5000 + b"]" * 5000 + b"}", "application/json", 400, "json_too_deep"),
        (b'{"c": ' + b"[" * 40 + b"]" * 40 + b"}", "application/json", 400, "json_too_deep"),
        (b'{"x": "' + b"a" * 300_000 + b'"}', "application/json", 413, "content_too_large"),
        (
            b'{"category": "income", "title": "x", "content": {"a": 1e400}}',
            "application/json",
            400,
            "invalid",
        ),
        (b"[1, 2]", "application/json", 400, "invalid"),
        (b"{}", "application/json", 400, "invalid"),
        (b"category=income", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"<record/>", "application/xml", 415, "unsupported_media_type"),
    ],
)
def test_it_refuses_a_bad_body_with_a_clear_error(alice_api, body, content_type, status, code):
    response = alice_api.generic("POST", RECORDS, body, content_type=content_type)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["detail"] and _is_private(response)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "pensioen"}, "category"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"content": [1, 2]}, "content"),
        ({"content": "tekst"}, "content"),
        ({"erase_after": "gisteren"}, "erase_after"),
        ({"title": None}, "title"),
    ],
)
def test_it_names_the_wrong_field(alice_api, changes, field):
    body = {"category": "income", "title": "Loonstrook", "content": {}} | changes

    response = alice_api.post(RECORDS, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]


def test_it_refuses_content_over_the_limit_with_413(alice_api, settings):
    settings.VAULT_MAX_CONTENT_BYTES = 1000
    body = {"category": "income", "title": "Loonstrook", "content": {"notes": "a" * 1500}}

    response = alice_api.post(RECORDS, body, format="json")

    assert (response.status_code, response.json()["code"]) == (413, "content_too_large")


@pytest.mark.parametrize("record_id", ["niet-een-uuid", "123", "0" * 40])
def test_it_answers_an_invalid_id_with_a_json_404(alice_api, record_id):
    for suffix in ("", "versions/", "document/"):
        response = alice_api.get(f"{RECORDS}{record_id}/{suffix}")

        assert (response.status_code, response.json()["code"]) == (404, "record_not_found")


def test_it_refuses_a_nul_in_the_id_before_any_query(alice_api):
    for suffix in ("", "versions/", "document/"):
        response = alice_api.get(f"{RECORDS}%00/{suffix}")

        assert (response.status_code, response.json()["code"]) == (400, "invalid_characters")


@pytest.mark.parametrize("intruder", ["dave", "bob", "carol", "root"])
def test_it_hides_a_record_from_everyone_but_its_owner(
    request, alice, alice_record, intruder, bob, carol, root, dave
):
    api = client_for(request.getfixturevalue(intruder))
    body = {"category": "health", "title": "Overgenomen", "content": {}}

    responses = [
        api.get(_url(alice_record)),
        api.get(_url(alice_record, "versions/")),
        api.get(_url(alice_record, "document/")),
        api.put(_url(alice_record), body, format="json"),
        api.patch(_url(alice_record), {"title": "Overgenomen"}, format="json"),
        api.put(_url(alice_record, "document/"), PDF_BYTES, content_type="application/pdf"),
        api.delete(_url(alice_record, "document/")),
        api.delete(_url(alice_record)),
    ]

    assert {r.status_code for r in responses} == {404}
    assert all("Indicatie" not in r.content.decode() for r in responses)
    current = record_get_for_resident(resident=alice, record_id=alice_record.id)
    assert (current.version, current.title) == (2, "Indicatie huishoudelijke hulp")


@pytest.mark.parametrize("outsider", ["bob", "root"])
def test_it_gives_a_non_resident_no_list_export_or_erasure(request, alice, outsider, bob, root):
    api = client_for(request.getfixturevalue(outsider))

    responses = [
        api.get(RECORDS),
        api.post(RECORDS, {"category": "income", "title": "x", "content": {}}, format="json"),
        api.get("/api/v1/me/export/"),
        api.delete("/api/v1/me/vault/", {"confirm": "VERWIJDER MIJN KLUIS"}, format="json"),
    ]

    assert [(r.status_code, r.json()["code"]) for r in responses] == [(404, "vault_not_found")] * 4
    assert Vault.objects.filter(resident=alice).exists()


def test_it_lists_only_the_callers_own_records(alice, dave, alice_record, dave_record):
    listed = client_for(dave).get(RECORDS).json()["results"]

    assert [r["id"] for r in listed] == [str(dave_record.id)]


def test_it_requires_a_login(alice_record):
    response = APIClient().get(_url(alice_record))

    assert (response.status_code, response.json()["code"]) == (403, "not_authenticated")


def test_it_enforces_csrf_on_session_writes(alice):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(alice)
    body = {"category": "income", "title": "Loonstrook", "content": {}}

    refused = api.post(RECORDS, body, format="json")
    token = api.get(RECORDS).cookies["csrftoken"].value
    accepted = api.post(RECORDS, body, format="json", HTTP_X_CSRFTOKEN=token)

    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201
    assert Record.objects.count() == 1


def test_it_exports_every_version_and_document(alice, alice_api, alice_record):
    response = alice_api.get("/api/v1/me/export/")
    export = json.loads(response.content)

    assert response["Content-Disposition"].startswith('attachment; filename="datameent-export-')
    assert _is_private(response)
    assert (export["format"], export["version"]) == ("datameent-export", "1.0")
    [record] = export["records"]
    assert [v["version"] for v in record["versions"]] == [2, 1]
    assert [v["content"] for v in record["versions"]] == [
        {"uren_per_week": 3},
        {"uren_per_week": 2},
    ]
    assert {base64.b64decode(v["document"]["data_base64"]) for v in record["versions"]} == {
        PDF_BYTES
    }


def test_it_erases_the_vault_only_with_the_exact_confirmation(alice, alice_api, alice_record):
    vault_id = Vault.objects.get(resident=alice).id

    missing = alice_api.delete("/api/v1/me/vault/")
    wrong = alice_api.delete("/api/v1/me/vault/", {"confirm": "ja"}, format="json")
    erased = alice_api.delete(
        "/api/v1/me/vault/", {"confirm": "VERWIJDER MIJN KLUIS"}, format="json"
    )

    assert [missing.status_code, wrong.status_code, erased.status_code] == [400, 400, 204]
    assert "VERWIJDER MIJN KLUIS" in wrong.json()["errors"]["confirm"][0]
    assert not Vault.objects.filter(id=vault_id).exists()
    assert not Record.objects.filter(id=alice_record.id).exists()
    assert alice_api.get(RECORDS).status_code == 403  # logged out


def test_it_sends_no_store_on_errors_too(alice_api):
    response = alice_api.get(f"{RECORDS}00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404 and _is_private(response)


def test_it_answers_an_unreadable_vault_with_a_clean_error(alice_api, alice_record, settings):
    from vault import crypto

    settings.VAULT_KEYRING = [("onbekend", crypto.new_key())]

    response = alice_api.get(_url(alice_record))

    assert (response.status_code, response.json()["code"]) == (503, "vault_unavailable")
    assert "Indicatie" not in response.content.decode()
