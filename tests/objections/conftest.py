"""Objection fixtures: petra the privacy officer, erin the team lead of Team Wmo, and a read
of alice's data by bob in her log."""

import uuid

import pytest
from django.test import Client

from accounts.constants import Role
from accounts.services import membership_start, user_create
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.services import access_log_append


@pytest.fixture
def petra(db):
    return user_create(
        username="petra", password="petra-demo-pass", role=Role.PRIVACY_OFFICER, first_name="Petra"
    )


@pytest.fixture
def erin(wmo_department):
    user = user_create(
        username="erin", password="erin-demo-pass", role=Role.CASEWORKER, first_name="Erin"
    )
    membership_start(user=user, department=wmo_department)
    return user


@pytest.fixture
def log_entry(bob, wmo_department):
    """Append one attempt to a resident's log; bob (Team Wmo) by default."""

    def append(resident, **overrides):
        values = {
            "resident": resident,
            "caseworker": bob,
            "department": wmo_department,
            "operation": Operation.RECORDS_READ,
            "purpose_code": "wmo-huishoudelijke-hulp",
            "purpose_version": 1,
            "purpose_name": "Wmo huishoudelijke hulp",
            "outcome": Outcome.ALLOWED,
            "reason": Reason.ALLOWED,
            "categories_requested": ["health"],
            "categories_returned": ["health"],
            "record_ids": [uuid.uuid4()],
            "stated_reason": "Zaak 2026-0042",
        }
        values.update(overrides)
        return access_log_append(**values)

    return append


@pytest.fixture
def bob_read(alice, log_entry):
    return log_entry(alice)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
