"""Shared fixtures: the fixed cast from STYLE.md (alice, dave, bob, charlie, carol, root)."""

import os

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import settings as hypothesis_settings

from accounts.constants import Role
from accounts.services import (
    department_get_or_create,
    membership_start,
    organisation_get_or_create,
    resident_profile_update,
    user_create,
)
from consent.services import purposes_seed
from notifications.constants import Kind
from notifications.services import notification_preferences_update
from tests import service_checks
from vault.services import resident_create

ALICE_BSN = "111222333"
DAVE_BSN = "123456782"

# Bounded, so the whole suite stays fast; no deadline, because examples touch the database.
# In CI the examples are derived from each test's name, so a red run is reproducible and
# never a matter of luck; locally each run explores new examples.
hypothesis_settings.register_profile(
    "datameent", max_examples=25, deadline=None, derandomize=os.environ.get("CI") == "true"
)
hypothesis_settings.register_profile("thorough", max_examples=500, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "datameent"))


@pytest.fixture
def in_process():
    """For schemathesis' in-process WSGI calls, which would otherwise close the test's
    database connection after each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def require_postgres() -> None:
    """The test database must be PostgreSQL: skips locally, fails in CI (see service_checks)."""
    problem = service_checks.postgres_problem()
    if problem:
        service_checks.missing(problem)


@pytest.fixture
def require_redis() -> str:
    """A reachable Redis, emptied first; returns its URL (``DATAMEENT_TEST_REDIS_URL``,
    default database 15). Skips locally, fails in CI when Redis is not there."""
    url = service_checks.redis_url_for_tests()
    problem = service_checks.redis_problem(url)
    if problem:
        service_checks.missing(problem)
    service_checks.redis_flush(url)
    return url


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast is created with passwords; PBKDF2 is slow on purpose and would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_bsn_answer_floor(settings):
    # A quarter second per BSN lookup would slow the suite; the timing tests set their own.
    settings.BSN_ANSWER_FLOOR_MS = 0


@pytest.fixture
def municipality(db):
    return organisation_get_or_create(name="Gemeente Meenthuizen", oin="00000001234567890000")


@pytest.fixture
def wmo_department(municipality):
    return department_get_or_create(organisation=municipality, code="wmo", name="Team Wmo")


@pytest.fixture
def income_department(municipality):
    return department_get_or_create(
        organisation=municipality, code="inkomen", name="Team Werk en Inkomen"
    )


@pytest.fixture
def alice(db):
    return resident_create(
        username="alice", password="alice-demo-pass", bsn=ALICE_BSN, first_name="Alice"
    )


@pytest.fixture
def dave(db):
    return resident_create(username="dave", password="dave-demo-pass", bsn=DAVE_BSN)


@pytest.fixture
def bob(wmo_department):
    user = user_create(username="bob", password="bob-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=wmo_department)
    return user


@pytest.fixture
def charlie(income_department):
    user = user_create(username="charlie", password="charlie-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=income_department)
    return user


@pytest.fixture
def carol(db):
    return user_create(username="carol", password="carol-demo-pass", role=Role.COUNCIL)


@pytest.fixture
def root(db):
    return user_create(
        username="root",
        password="root-demo-pass",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def root_client(root):
    """A browser session of the superuser, for the admin."""
    from django.test import Client

    client = Client()
    client.force_login(root)
    return client


@pytest.fixture
def purposes(wmo_department, income_department) -> int:
    """The seeded purpose register (with both departments it names)."""
    return purposes_seed()


@pytest.fixture
def alice_with_email(alice):
    """alice with an e-mail address and mail for every kind of message: the costliest side
    for the timing tests."""
    resident_profile_update(resident=alice, email="alice@example.org")
    notification_preferences_update(resident=alice, channels=dict.fromkeys(Kind.values, "email"))
    return alice
