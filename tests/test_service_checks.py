"""Missing services skip locally and fail in CI; the integration run really reaches them."""

import pytest
import redis
from django.db import connection

from tests import service_checks


@pytest.fixture
def local(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("DATAMEENT_REQUIRE_SERVICES", raising=False)


def test_it_skips_a_missing_service_locally(local):
    with pytest.raises(pytest.skip.Exception, match="Redis is gone"):
        service_checks.missing("Redis is gone")


@pytest.mark.parametrize(
    ("name", "value"),
    [("CI", "true"), ("CI", "1"), ("DATAMEENT_REQUIRE_SERVICES", "1")],
)
def test_it_fails_a_missing_service_when_services_are_required(local, monkeypatch, name, value):
    monkeypatch.setenv(name, value)

    with pytest.raises(pytest.fail.Exception, match="Required service missing: Redis is gone"):
        service_checks.missing("Redis is gone")


def test_it_does_not_require_services_when_ci_is_false(local, monkeypatch):
    monkeypatch.setenv("CI", "false")

    assert not service_checks.services_required()


def test_it_names_an_unreachable_redis():
    problem = service_checks.redis_problem("redis://127.0.0.1:1/0")

    assert problem is not None
    assert "redis://127.0.0.1:1/0" in problem


def test_it_explains_how_to_get_postgres():
    problem = service_checks.postgres_problem()

    if connection.vendor == "postgresql":
        assert problem is None
    else:
        assert problem is not None
        assert "DATABASE_URL=postgres://" in problem


def test_it_names_a_missing_program():
    problem = service_checks.program_problem("no-such-program-datameent", "some-package")

    assert problem == (
        "the program 'no-such-program-datameent' is not installed (apt-get install some-package)"
    )


@pytest.mark.integration
def test_it_reaches_an_empty_redis(require_redis):
    client = redis.Redis.from_url(require_redis)
    try:
        assert client.dbsize() == 0
        client.set("datameent:probe", "1")
        assert client.get("datameent:probe") == b"1"
    finally:
        client.flushdb()
        client.close()


@pytest.mark.integration
def test_it_runs_on_postgres(require_postgres, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()

    assert version.startswith("PostgreSQL")
