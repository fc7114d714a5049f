"""The demo shows each relation working: from a clean seed, through the portal."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from consent.constants import RequestStatus
from consent.models import AccessRequest
from demo.representation import GERRIT_WMO_REQUEST
from representation.constants import Action
from representation.selectors import may
from vault.constants import Category

pytestmark = pytest.mark.django_db
ON_BEHALF = "Hanna Hendriks namens Gerrit Hendriks"


def _user(name):
    return get_user_model().objects.get(username=name)


def _client(name) -> Client:
    client = Client()
    client.force_login(_user(name))
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_each_demo_relation_allows_what_the_law_says(demo):
    alice, noor, sem = _user("alice"), _user("noor"), _user("sem")
    assert may(actor=alice, action=Action.GRANT, category=Category.YOUTH, subject=sem).allowed
    needs_noor = may(actor=alice, action=Action.GRANT, category=Category.YOUTH, subject=noor)
    assert needs_noor.allowed and needs_noor.awaiting == "child"
    fenna, dave = _user("fenna"), _user("dave")
    assert may(actor=fenna, action=Action.GRANT, category=Category.DEBTS, subject=dave).allowed
    assert not may(actor=fenna, action=Action.GRANT, category=Category.HEALTH, subject=dave).allowed
    assert not may(
        actor=_user("hanna"),
        action=Action.RECORDS,
        category=Category.HEALTH,
        subject=_user("gerrit"),
    ).allowed


def test_hanna_answers_a_request_for_gerrit_and_he_sees_it(demo):
    hanna = _client("hanna")
    hanna.post(reverse("representation:act-for"), {"subject": _user("gerrit").pk})
    request = AccessRequest.objects.get(reason=GERRIT_WMO_REQUEST)
    page = hanna.get(reverse("representation:acting-requests")).content.decode()
    assert GERRIT_WMO_REQUEST in page and "U regelt dit voor Gerrit" in page
    hanna.post(reverse("representation:acting-approve", args=[request.id]))
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    gerrit = _client("gerrit")
    for page in ("consent-portal:history", "representation:who-may"):
        assert ON_BEHALF in gerrit.get(reverse(page)).content.decode()


def test_the_registrars_and_the_new_logins_open_their_pages(demo):
    assert _client("rita").get(reverse("representation:registrar")).status_code == 200
    for name in ("noor", "fenna", "gerrit", "hanna"):
        assert _client(name).get(reverse("representation:who-may")).status_code == 200
