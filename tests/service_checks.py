"""Whether the services a test needs are there, and what to do when they are not.

Locally a missing service skips the test with a reason that says how to provide it.
In CI (``CI=true``) or with ``DATAMEENT_REQUIRE_SERVICES=1`` it fails the test instead,
so a pipeline can never turn green because PostgreSQL or Redis quietly went away.
"""

import os
import shutil

import pytest
import redis
from django.db import connection

TRUE_VALUES = {"1", "true", "yes", "on"}
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/15"
# Debian's chromium: Playwright's own browser download is not used (see tests/e2e).
CHROMIUM = "/usr/bin/chromium"


def services_required() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("DATAMEENT_REQUIRE_SERVICES", ""))
    return any(flag.strip().lower() in TRUE_VALUES for flag in flags)


def missing(reason: str) -> None:
    """Fail (CI) or skip (locally) the current test, always with the reason."""
    if services_required():
        pytest.fail(f"Required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_url_for_tests() -> str:
    return os.environ.get("DATAMEENT_TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL)


def redis_problem(url: str) -> str | None:
    """None when Redis at ``url`` answers a PING, otherwise what went wrong."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"Redis at {url} is not reachable ({exc.__class__.__name__}: {exc})"
    finally:
        client.close()
    return None


def redis_flush(url: str) -> None:
    """Empty the test Redis database, so no task queued by an earlier run leaks into this one."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def postgres_problem() -> str | None:
    """None when the test database is PostgreSQL, otherwise how to get there."""
    if connection.vendor == "postgresql":
        return None
    return (
        f"needs PostgreSQL, the test database is {connection.vendor}; "
        "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/datameent "
        "(make test-postgres or make test-integration)"
    )


def program_problem(name: str, package: str) -> str | None:
    if shutil.which(name):
        return None
    return f"the program {name!r} is not installed (apt-get install {package})"


def browser_problem(executable: str = CHROMIUM) -> str | None:
    """None when ``executable`` (the browser of tests/e2e) can run, otherwise what is missing."""
    if not os.access(executable, os.X_OK):
        return f"no browser at {executable} (apt-get install chromium; .ci/run installs it)"
    return None
