"""The cast in the states the overview shows: consents, requests, log entries, messages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from consent.selectors import current_purposes
from consent.services import access_request_create, grant_create
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import append_entry  # noqa: F401 - a fixture


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def wmo_purpose(purposes):
    version = next(v for v in current_purposes() if v.department.code == "wmo")
    return version


@pytest.fixture
def grant_ending_in(alice, wmo_purpose):
    def make(days: float):
        return grant_create(
            resident=alice,
            purpose_code=wmo_purpose.purpose.code,
            categories=[wmo_purpose.categories[0]],
            valid_until=timezone.now() + timedelta(days=days),
        )

    return make


@pytest.fixture
def open_request(bob, wmo_purpose):
    return access_request_create(
        caseworker=bob,
        bsn=ALICE_BSN,
        purpose_code=wmo_purpose.purpose.code,
        categories=[wmo_purpose.categories[0]],
        reason="Keukentafelgesprek",
    )
