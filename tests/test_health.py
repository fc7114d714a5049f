"""Health endpoints for the orchestrator (issue 16): /healthz says the process is alive and
touches nothing; /readyz checks the database, the broker, the key ring and the migrations.
JSON, no authentication, never cached, no secrets."""

import base64
import json
import logging
import socket

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vault import crypto


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(path: str, **extra):
    return Client().get(path, **extra)


def _assert_private(response) -> None:
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_healthz_answers_without_touching_the_database(db):
    with CaptureQueriesContext(connection) as queries:
        response = _get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    _assert_private(response)


def test_readyz_is_ready_when_everything_answers(db, settings):
    response = _get("/readyz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "migrations",
        "broker",
        "keyring",
    }
    assert body["checks"]["keyring"]["key_ids"] == [kid for kid, _ in settings.VAULT_KEYRING]
    _assert_private(response)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_they_need_no_login_and_no_known_host(db, settings, path):
    settings.ALLOWED_HOSTS = ["datameent.example"]

    response = _get(path, HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


def test_readyz_shows_no_key_material_and_no_secrets(db, settings):
    settings.CELERY_BROKER_URL = f"redis://:hunter2-secret@127.0.0.1:{_closed_port()}/0"

    text = _get("/readyz").content.decode()

    for _kid, key in settings.VAULT_KEYRING:
        assert base64.b64encode(key).decode() not in text
    assert "hunter2" not in text and "127.0.0.1" not in text
    assert settings.SECRET_KEY not in text


def test_readyz_fails_when_the_broker_is_unreachable(db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"

    response = _get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["broker"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_readyz_fails_when_a_migration_is_not_applied(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'municipal_gateway' AND name = %s",
            ["0001_initial"],
        )

    response = _get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1} or (
        response.json()["checks"]["migrations"]["ok"] is False
    )


def test_readyz_fails_when_the_key_ring_lacks_a_key_in_use(alice, settings):
    settings.VAULT_KEYRING = [("2099z", crypto.new_key())]  # alice's key is not loaded

    response = _get("/readyz")

    assert response.status_code == 503
    keyring = response.json()["checks"]["keyring"]
    assert keyring["ok"] is False and keyring["key_ids"] == ["2099z"]
    assert keyring["missing"]


def test_readyz_fails_when_the_database_is_unreachable(db, settings):
    from django.db import connections

    with pytest.MonkeyPatch.context() as patch:

        def refuse(*args, **kwargs):
            from django.db import OperationalError

            raise OperationalError("connection refused")

        patch.setattr(connections["default"], "cursor", refuse)
        response = _get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
    assert "connection refused" not in response.content.decode()


def test_the_probes_stay_out_of_the_request_log():
    from datameent.health import SkipProbes

    def record(line: str) -> logging.LogRecord:
        args = (line, "200", "12")
        return logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s %s', args, None)

    probe, page = record("GET /readyz HTTP/1.1"), record("GET /medewerker/ HTTP/1.1")

    assert SkipProbes().filter(probe) is False
    assert SkipProbes().filter(page) is True


def test_readyz_body_is_plain_json(db):
    assert json.loads(_get("/readyz").content)["checks"]


@pytest.mark.integration
def test_readyz_is_ready_with_a_real_broker(db, settings, require_redis):
    settings.CELERY_BROKER_URL = require_redis

    response = _get("/readyz")

    assert response.status_code == 200, response.content
    assert response.json()["checks"]["broker"] == {"ok": True}
