"""A database that does not answer gives a clean 503, never an HTML 500 (issue 16, items 4, 10).

No mocks: the connection of the test's thread is pointed at a database that is not there
(a closed port on PostgreSQL, a missing directory on SQLite), or the row a withdrawal needs
is held by another connection for longer than the write may wait. Then the public
interfaces are asked: the API must answer JSON with a code, the portal its own 503 page.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import include, path
from rest_framework.test import APIClient

from accounts.services import api_token_create
from consent.models import ConsentEvent, Grant
from consent.services import grant_create
from datameent.api import ServiceUnavailable
from tests.consent.conftest import WMO

pytestmark = pytest.mark.django_db(transaction=True)


def _broken_portal_view(request):
    raise ServiceUnavailable()


# The real site, plus one portal page that reports its part of the service unavailable.
urlpatterns = [path("kapot/", _broken_portal_view), path("", include("datameent.urls"))]


@contextmanager
def _settings_of_this_connection(**changes) -> Iterator[None]:
    """Reconnects this thread's default connection with ``changes``; restores it after."""
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {**original, **changes}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


@pytest.fixture
def unreachable(tmp_path, free_tcp_port):
    """``with unreachable():`` the database is not there (log in before, not inside)."""
    if connection.vendor == "sqlite":
        change = {"NAME": str(tmp_path / "missing" / "datameent.sqlite3")}
    else:
        change = {"HOST": "127.0.0.1", "PORT": str(free_tcp_port)}
    return lambda: _settings_of_this_connection(**change)


@contextmanager
def _grant_held_by_another_connection(grant: Grant) -> Iterator[None]:
    """Another connection holds what a withdrawal needs to write, longer than it may wait."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        options = {"OPTIONS": {**db["OPTIONS"], "timeout": 0.2}}
        other = sqlite3.connect(db["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        options = {"OPTIONS": {**db["OPTIONS"], "options": "-c lock_timeout=200"}}
        other = psycopg.connect(**connection.get_connection_params())
        other.execute(f"SELECT id FROM {Grant._meta.db_table} WHERE id = %s FOR UPDATE", [grant.id])
    try:
        with _settings_of_this_connection(**options):
            yield
    finally:
        other.rollback()
        other.close()


def _logged_in(user, client_class=Client):
    client = client_class(raise_request_exception=False)
    client.force_login(user)
    return client


def test_it_answers_the_api_with_a_json_503_when_the_database_is_gone(bob, unreachable):
    client = _logged_in(bob, APIClient)
    with unreachable():
        response = client.get("/api/v1/gateway/purposes/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"


def test_it_shows_the_portal_503_page_when_the_database_is_gone(alice, unreachable):
    client = _logged_in(alice)
    with unreachable():
        response = client.get("/toestemmingen/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Datameent werkt nu even niet" in response.content.decode()


def test_it_shows_the_503_page_in_english_too(alice, unreachable):
    client = _logged_in(alice)
    with unreachable():
        response = client.get("/toestemmingen/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert "Datameent is not working right now" in response.content.decode()


def test_it_withdraws_nothing_halfway_when_the_write_cannot_go_through(alice, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    events = ConsentEvent.objects.count()
    client = _logged_in(alice)

    with _grant_held_by_another_connection(grant):
        response = client.post(f"/toestemmingen/{grant.id}/intrekken/")

    assert response.status_code == 503
    assert "Uw toestemming is niet ingetrokken" in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is None and ConsentEvent.objects.count() == events
    # Once the database answers again, the same withdrawal goes through.
    assert client.post(f"/toestemmingen/{grant.id}/intrekken/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_it_answers_a_withdrawal_over_the_api_with_a_json_503(alice, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    client = _logged_in(alice, APIClient)

    with _grant_held_by_another_connection(grant):
        response = client.post(f"/api/v1/me/consents/{grant.id}/revoke/")

    assert (response.status_code, response.json()["code"]) == (503, "database_unavailable")
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.urls("tests.test_database_failures")
def test_it_renders_a_service_unavailable_from_a_portal_view_as_the_503_page(db):
    response = Client(raise_request_exception=False).get("/kapot/")

    assert response.status_code == 503
    assert "Datameent werkt nu even niet" in response.content.decode()


def test_it_keeps_input_errors_out_of_the_503s():
    """An IntegrityError or DataError is a problem with the input or a bug, not an outage."""
    from django.db import DataError, IntegrityError, OperationalError

    from datameent.middleware import is_database_unavailable

    assert is_database_unavailable(OperationalError("gone"))
    assert not is_database_unavailable(IntegrityError("duplicate"))
    assert not is_database_unavailable(DataError("too long"))


def test_sqlite_writes_take_the_lock_at_begin_and_readers_never_wait(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert connection.transaction_mode == "IMMEDIATE"
    assert Path(connection.settings_dict["NAME"]).is_file()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side statements")
def test_a_prepared_query_survives_a_dropped_connection(bob):
    """The read path's prepared statements live on a connection: when PostgreSQL drops it,
    the next request must prepare them again on the new one, not EXECUTE into nothing."""
    from django.db import close_old_connections
    from django.utils import timezone

    from accounts.selectors import api_token_user

    _, token = api_token_create(user=bob, name="drop")
    assert api_token_user(token=token, at=timezone.now()) == bob  # prepared on this one
    with psycopg.connect(**connection.get_connection_params()) as admin:
        pid = connection.connection.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    close_old_connections()  # what the next request does first
    assert api_token_user(token=token, at=timezone.now()) == bob


class _QueriesBeforeTheView:
    """A middleware that uses the database before any view runs, as a session store does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from accounts.models import User

        User.objects.exists()
        return self.get_response(request)


@pytest.mark.parametrize(
    "path,content_type", [("/api/v1/gateway/purposes/", "application/json"), ("/", "text/html")]
)
def test_an_outage_outside_a_view_gets_the_same_503(settings, unreachable, path, content_type):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._QueriesBeforeTheView"]
    with unreachable():
        response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Content-Type"].startswith(content_type)
