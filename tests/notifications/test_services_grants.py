"""Warnings for grants that are about to end, from consent's register of grants."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import TestCase

from consent.services import grant_create, grant_revoke, purposes_seed
from notifications.constants import GRANT_WARNING_AHEAD, Kind
from notifications.models import InboxEntry
from notifications.services import grant_expiry_warnings_send
from vault.constants import Category

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def purposes(wmo_department, income_department):
    with time_machine.travel(NOW - timedelta(days=60), tick=False):
        purposes_seed()


def _grant(resident, days_left: int):
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        return grant_create(
            resident=resident,
            purpose_code="wmo-huishoudelijke-hulp",
            categories=[Category.HOUSEHOLD],
            valid_until=NOW + timedelta(days=days_left),
        )


def _warn() -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return grant_expiry_warnings_send(now=NOW)


def test_it_warns_once_about_each_grant_that_ends_soon(purposes, alice, dave):
    ending = _grant(alice, days_left=5)
    _grant(dave, days_left=GRANT_WARNING_AHEAD.days + 1)

    assert _warn() == 1
    assert _warn() == 0  # once per grant

    entry = InboxEntry.objects.get()
    assert (entry.resident, entry.kind) == (alice, Kind.GRANT_EXPIRING)
    assert entry.context["grant_id"] == str(ending.pk)
    assert entry.context["department_name"] == "Team Wmo"
    assert entry.context["purpose_name_nl"].startswith("Wmo maatwerkvoorziening")
    assert entry.context["categories"] == [Category.HOUSEHOLD]


def test_it_does_not_warn_about_a_revoked_grant(purposes, alice):
    grant = _grant(alice, days_left=5)
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        grant_revoke(resident=alice, grant_id=grant.pk)

    assert _warn() == 0
    assert not InboxEntry.objects.exists()
