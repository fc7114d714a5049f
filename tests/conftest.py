"""Shared fixtures: the fixed cast from STYLE.md (alice, dave, bob, charlie, carol, root)."""

import pytest

from accounts.constants import Role
from accounts.services import (
    department_get_or_create,
    membership_start,
    organisation_get_or_create,
    resident_create,
    user_create,
)

ALICE_BSN = "111222333"
DAVE_BSN = "123456782"


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
