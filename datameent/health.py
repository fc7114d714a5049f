"""Health endpoints for the orchestrator: /healthz (alive) and /readyz (ready for traffic).

Answered by ``HealthMiddleware`` first in the chain: no login, no host check (probes come
from the pod's address), no SSL redirect, no session, never cached. The bodies hold
names, booleans and key ids only: no key material, no URLs, no error texts.

/readyz checks the database, the migrations, the broker and the key ring. The key ring is
ready when this process holds the active key (the one new data keys are wrapped with) and
every key a vault is wrapped with. ``rotate_keyring`` reads ``key_ids`` from here to make
sure every process holds a new key before it is activated (docs/operations.md).
"""

import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from kombu import Connection

PATHS = ("/healthz", "/readyz")


def _database() -> dict[str, Any]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _migrations() -> dict[str, Any]:
    loader = MigrationLoader(connections[DEFAULT_DB_ALIAS])
    unapplied = set(loader.graph.nodes) - set(loader.applied_migrations or {})
    return {"ok": not unapplied, "unapplied": len(unapplied)}


def _broker() -> dict[str, Any]:
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory"):
        return {"ok": True, "eager": True}  # development: tasks run in process
    with Connection(url, connect_timeout=1, transport_options={"max_retries": 0}) as broker:
        broker.ensure_connection(max_retries=0, timeout=1)
    return {"ok": True}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": _database,
    "migrations": _migrations,
    "broker": _broker,
}
# These read the database: without it they cannot tell.
_NEED_DATABASE = {"migrations"}


def check_register(name: str, check: Callable[[], dict[str, Any]], *, needs_database: bool) -> None:
    """An app adds its own readiness check when it is ready (the vault: its key ring).

    The project package is the lowest layer: it may not import the apps above it, and LOGGING
    loads this module (SkipProbes) before any app is ready.
    """
    CHECKS[name] = check
    if needs_database:
        _NEED_DATABASE.add(name)


def _run(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return check()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"; name it only
        return {"ok": False, "error": type(error).__name__}


def readiness() -> dict[str, Any]:
    checks = {"database": _run(_database)}
    for name, check in CHECKS.items():
        if name in checks:
            continue
        if name in _NEED_DATABASE and not checks["database"]["ok"]:
            checks[name] = {"ok": False, "error": "database_unavailable"}
        else:
            checks[name] = _run(check)
    ready = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}


def _answer(body: dict[str, Any], status: int) -> HttpResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class HealthMiddleware:
    """First in MIDDLEWARE, so a probe never meets the host check or the SSL redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return _answer({"status": "ok"}, 200)
        if request.path_info == "/readyz":
            body = readiness()
            return _answer(body, 200 if body["status"] == "ok" else 503)
        return self.get_response(request)


_PROBE = re.compile(r'(^|[\s"])/(healthz|readyz)([\s?"]|$)')


class SkipProbes(logging.Filter):
    """Keeps the probes (every few seconds) out of the request log (django.server's lines,
    and django.request's for a 503 of /readyz)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(("django.server", "django.request")):
            return True
        return _PROBE.search(record.getMessage()) is None
