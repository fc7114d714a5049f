"""The requests page says what is true of each request (issue 10: an approved request still
said "U kunt antwoorden tot …")."""

import pytest
from django.test import Client
from django.utils import timezone

from consent.selectors import current_purposes
from consent.services import access_request_create, access_request_deny, purposes_seed
from tests.conftest import ALICE_BSN


@pytest.fixture
def wmo_code(bob):
    purposes_seed()
    return next(v.purpose.code for v in current_purposes() if v.department.code == "wmo")


def _request(bob, code):
    return access_request_create(
        caseworker=bob,
        bsn=ALICE_BSN,
        purpose_code=code,
        categories=["household"],
        reason="Keukentafelgesprek",
    )


def _page(alice) -> str:
    client = Client()
    client.force_login(alice)
    return client.get("/verzoeken/").content.decode()


def test_an_open_request_says_until_when_she_can_answer(alice, bob, wmo_code):
    _request(bob, wmo_code)

    assert "U kunt antwoorden tot" in _page(alice)


def test_an_answered_request_says_when_she_answered(alice, bob, wmo_code):
    item = _request(bob, wmo_code)
    access_request_deny(resident=alice, request_id=item.id, message="")

    page = _page(alice)

    assert "U kunt antwoorden tot" not in page
    today = timezone.localtime().strftime("%-d")
    assert "U antwoordde op " + today in page


def test_an_expired_request_says_it_expired(alice, bob, wmo_code, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    _request(bob, wmo_code)
    time_machine.shift(60 * 60 * 24 * 30)

    page = _page(alice)

    assert "U kunt antwoorden tot" not in page
    assert "Verlopen op" in page
