"""Consent fixtures: the seeded purpose register, a controllable clock, and Erin, a
caseworker who has left Team Wmo."""

from datetime import datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.constants import Role
from accounts.services import membership_end, membership_start, user_create

WMO = "wmo-huishoudelijke-hulp"
WMO_BEGELEIDING = "wmo-begeleiding"
BIJSTAND = "bijzondere-bijstand"
# A Thursday in winter time, well away from the clock changes, unless a test moves it.
START = datetime.fromisoformat("2027-01-14T10:00:00+01:00")


class Clock:
    def __init__(self, traveller: "time_machine.Traveller") -> None:
        self._traveller = traveller

    def move_to(self, moment: datetime) -> None:
        self._traveller.move_to(moment)

    def advance(self, **delta: float) -> None:
        self._traveller.shift(timedelta(**delta))


@pytest.fixture
def clock(request):
    """Frozen at START (or the indirect parameter); list it before the cast, so their
    memberships start then too."""
    start = getattr(request, "param", START)
    with time_machine.travel(start, tick=False) as traveller:
        yield Clock(traveller)


@pytest.fixture
def erin(wmo_department):
    """A caseworker who worked in Team Wmo and has left it."""
    from django.utils import timezone

    user = user_create(username="erin", password="erin-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=wmo_department, at=timezone.now() - timedelta(days=30))
    membership_end(user=user, department=wmo_department, at=timezone.now() - timedelta(seconds=1))
    return user


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client
