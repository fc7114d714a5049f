"""Access-log fixtures: an append helper, a chain of five entries, and a way to tamper."""

import uuid

import pytest
from django.db import connection

from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from municipal_gateway.services import access_log_append

ENTRIES_TABLE = "municipal_gateway_accesslogentry"
IMMUTABLE_TRIGGER = "municipal_gateway_accesslogentry_immutable"


@pytest.fixture
def append_entry(bob, wmo_department):
    """Append one attempt by bob (Team Wmo); keyword arguments override the defaults."""

    def append(resident, **overrides) -> AccessLogEntry:
        values = {
            "resident": resident,
            "caseworker": bob,
            "department": wmo_department,
            "purpose_code": "bijzondere-bijstand",
            "purpose_version": 1,
            "purpose_name": "Bijzondere bijstand",
            "outcome": Outcome.ALLOWED,
            "reason": Reason.ALLOWED,
            "categories_requested": ["income"],
            "categories_returned": ["income"],
            "record_ids": [uuid.uuid4()],
            "stated_reason": "Zaak 2026-0042",
        }
        values.update(overrides)
        return access_log_append(**values)

    return append


@pytest.fixture
def alice_chain(alice, append_entry) -> list[AccessLogEntry]:
    """Five entries in alice's chain, seq 1..5."""
    return [append_entry(alice, stated_reason=f"Zaak {n}") for n in range(1, 6)]


@pytest.fixture
def tamper(db):
    """Lets a test change log rows behind the services' back, as an attacker with database
    access would. On PostgreSQL that means switching off the immutability trigger first;
    the test's transaction rolls that back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {ENTRIES_TABLE} DISABLE TRIGGER {IMMUTABLE_TRIGGER}")


# -- the caseworker read path --------------------------------------------------------------

WMO = "wmo-huishoudelijke-hulp"
BIJSTAND = "bijzondere-bijstand"
READ_HEADERS = {"HTTP_X_REASON": "Herindicatie huishoudelijke hulp"}


@pytest.fixture
def alice_records(alice) -> dict:
    """One record per category alice has: health, household, income."""
    from vault.constants import Category
    from vault.services import record_create

    specs = {
        Category.HEALTH: ("Zorgbehoefte", {"uren_per_week": 3}),
        Category.HOUSEHOLD: ("Huishouden", {"volwassenen": 1}),
        Category.INCOME: ("WW-uitkering", {"bruto_per_maand": 1450}),
    }
    return {
        category: record_create(resident=alice, category=category, title=title, content=content)
        for category, (title, content) in specs.items()
    }


@pytest.fixture
def wmo_grant(alice, purposes, alice_records):
    """Alice lets Team Wmo read her health and household data (not identity)."""
    from consent.services import grant_create

    return grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])


@pytest.fixture
def bob_reference(alice, wmo_department) -> str:
    from municipal_gateway.services.references import reference_get_or_create

    return reference_get_or_create(resident=alice, department=wmo_department)


def api_client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def bob_api(bob):
    return api_client_for(bob)


@pytest.fixture
def charlie_api(charlie):
    return api_client_for(charlie)


def records_url(reference: str) -> str:
    return f"/api/v1/gateway/residents/{reference}/records/"
