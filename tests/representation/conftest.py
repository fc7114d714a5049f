"""Representation fixtures: two registrars, the family of issue 11, a clock and Sem's log."""

from datetime import date, datetime

import pytest
import time_machine

from accounts.constants import Role
from accounts.services import user_create
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.services import access_log_append
from representation.constants import RelationKind
from representation.services import relation_confirm, relation_register
from tests.factories import valid_bsn
from vault.services import resident_create

# A Thursday in winter time, away from the clock changes.
NOW = datetime.fromisoformat("2027-01-14T10:00:00+01:00")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def registrar(db):
    return user_create(username="rita", password="rita-demo-pass", role=Role.REGISTRAR)


@pytest.fixture
def registrar2(db):
    return user_create(username="ruben", password="ruben-demo-pass", role=Role.REGISTRAR)


def person(username: str, n: int, **names: str):
    return resident_create(
        username=username, password=f"{username}-pass", bsn=valid_bsn(n), **names
    )


@pytest.fixture
def noor(db):
    return person("noor", 901, first_name="Noor")


@pytest.fixture
def sem(db):
    return person("sem", 902, first_name="Sem")


@pytest.fixture
def fenna(db):
    return person("fenna", 903, first_name="Fenna")


@pytest.fixture
def stranger(db):
    return person("stefan", 904, first_name="Stefan")


def register(registrar, registrar2, *, subject, representative, kind, born_on=None, **period):
    relation = relation_register(
        registrar=registrar,
        subject=subject,
        representative=representative,
        kind=kind,
        evidence="ECLI:NL:RBGEL:2026:1234",
        valid_from=period.get("valid_from", datetime.fromisoformat("2020-01-01T00:00:00+01:00")),
        valid_until=period.get("valid_until"),
        subject_born_on=born_on,
    )
    return relation_confirm(registrar=registrar2, relation_id=relation.pk)


@pytest.fixture
def family(clock, alice, noor, sem, registrar, registrar2):
    """alice has authority over Noor (13) and Sem (9)."""
    for child, born in ((noor, date(2013, 6, 1)), (sem, date(2017, 9, 3))):
        register(
            registrar,
            registrar2,
            subject=child,
            representative=alice,
            kind=RelationKind.PARENTAL_AUTHORITY,
            born_on=born,
        )
    return alice


@pytest.fixture
def bewind(clock, dave, fenna, registrar, registrar2):
    """Fenna is dave's bewindvoerder."""
    return register(
        registrar, registrar2, subject=dave, representative=fenna, kind=RelationKind.BEWIND
    )


@pytest.fixture
def sems_log(clock, purposes, sem, bob, wmo_department):
    """bob read Sem's income, was refused his health, looked him up and was refused that."""
    attempt = {
        "resident": sem,
        "caseworker": bob,
        "department": wmo_department,
        "purpose_code": "wmo-huishoudelijke-hulp",
        "purpose_version": 1,
        "purpose_name": "",
    }
    allowed = {"outcome": Outcome.ALLOWED, "reason": Reason.ALLOWED}
    refused = {"outcome": Outcome.REFUSED, "reason": Reason.NO_GRANT}
    read = {"categories_requested": ["income"], "stated_reason": "Herindicatie"}
    access_log_append(**attempt, **allowed, **read, categories_returned=["income"])
    access_log_append(**attempt, **refused, categories_requested=["health"])
    access_log_append(**attempt, **allowed, operation=Operation.RESIDENT_LOOKUP)
    access_log_append(**attempt, **refused, operation=Operation.RESIDENT_LOOKUP)
