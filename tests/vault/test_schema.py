"""The OpenAPI description of the resident API is complete and generates without warnings."""

from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


def _vault_schema() -> dict:
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/me/", include("vault.api.urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    return schema


def test_it_describes_every_operation_validly(db):
    schema = _vault_schema()

    validate_schema(schema)
    operations = {(url, method) for url, item in schema["paths"].items() for method in item} - {
        (url, "parameters") for url in schema["paths"]
    }
    assert operations == {
        ("/api/v1/me/records/", "get"),
        ("/api/v1/me/records/", "post"),
        ("/api/v1/me/records/{record_id}/", "get"),
        ("/api/v1/me/records/{record_id}/", "put"),
        ("/api/v1/me/records/{record_id}/", "patch"),
        ("/api/v1/me/records/{record_id}/", "delete"),
        ("/api/v1/me/records/{record_id}/versions/", "get"),
        ("/api/v1/me/records/{record_id}/document/", "get"),
        ("/api/v1/me/records/{record_id}/document/", "put"),
        ("/api/v1/me/records/{record_id}/document/", "delete"),
        ("/api/v1/me/export/", "get"),
        ("/api/v1/me/vault/", "delete"),
    }


def test_it_documents_the_erasure_confirmation_and_document_types(db):
    paths = _vault_schema()["paths"]

    erase = paths["/api/v1/me/vault/"]["delete"]["requestBody"]["content"]
    upload = paths["/api/v1/me/records/{record_id}/document/"]["put"]["requestBody"]["content"]
    record_id = paths["/api/v1/me/records/{record_id}/"]["get"]["parameters"][0]

    assert "application/json" in erase
    assert set(upload) == {"multipart/form-data", "application/pdf", "image/png", "image/jpeg"}
    assert record_id["schema"] == {"type": "string", "format": "uuid"}


def test_it_serves_the_whole_schema(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "/api/v1/me/records/{record_id}/versions/" in response.json()["paths"]
