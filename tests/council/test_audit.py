"""No arithmetic undoes the council's suppression: the auditor (tests/council/auditor.py)
reads every publication of the demo's year, as the API serves it to a council member, and
solves for each hidden figure with an integer linear program."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Department, User
from consent.services import grant_create
from council.services import statistics_snapshot_update
from demo.gateway import INCOME_PURPOSE, NEIGHBOURS, neighbour_bsn
from municipal_gateway.exceptions import AccessRefused, ResidentNotFound
from municipal_gateway.services import lookups, reads, references
from tests.council.auditor import audit, leaks
from tests.council.conftest import STATISTICS_API
from vault.constants import Category

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEEDED = datetime(2026, 6, 15, 10, 0, tzinfo=AMSTERDAM)
# Moments a council member opens the statistics of 2026: the seed's day, an hour later, after
# its month closed, after the year closed.
LOOKS = [
    SEEDED,
    datetime(2026, 6, 15, 11, 30, tzinfo=AMSTERDAM),
    datetime(2026, 7, 1, 3, 0, tzinfo=AMSTERDAM),
    datetime(2027, 1, 2, 3, 0, tzinfo=AMSTERDAM),
]


@pytest.fixture
def demo(db):
    with time_machine.travel(SEEDED, tick=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def as_the_issue_saw_it(demo):
    """The demo after a few more days, as issue 13 found it: 13 refusals for want of consent
    and one each for a withdrawn consent and a caseworker outside the team (total 15);
    4 + 4 consents for two purposes."""
    bob, charlie = (User.objects.get(username=name) for name in ("bob", "charlie"))
    wmo = Department.objects.get(code="wmo")
    with time_machine.travel(SEEDED.replace(hour=11), tick=True):
        _refused_once_more()
        neighbour = User.objects.get(username="buur-01")  # withdrew the Wmo consent
        reference = references.reference_get_or_create(resident=neighbour, department=wmo)
        with pytest.raises(AccessRefused):
            reads.records_read(
                caller=reads.Caller(caseworker=bob, stated_reason="Herindicatie"),
                reference=reference,
                purpose_code="wmo-huishoudelijke-hulp",
            )
        with pytest.raises(ResidentNotFound):  # Team Wmo's reference: not charlie's team
            reads.records_read(
                caller=reads.Caller(caseworker=charlie, stated_reason="Aanvraag bijstand"),
                reference=reference,
                purpose_code=INCOME_PURPOSE,
            )
        for number in range(4, 12):
            purpose = "wmo-begeleiding" if number < 8 else "jeugdhulp-gezinsplan"
            grant_create(
                resident=User.objects.get(username=f"buur-{number:02d}"),
                purpose_code=purpose,
                categories=[Category.HEALTH],
            )


def _published(moment: datetime, year: int = 2026) -> dict:
    """What a council member reads at ``moment``: counted as the rollup would, then fetched."""
    with time_machine.travel(moment, tick=False):
        statistics_snapshot_update(year=year, now=moment)
        client = APIClient()
        client.force_login(User.objects.get(username="carol"))
        response = client.get(STATISTICS_API, {"year": year})
    assert response.status_code == 200, response.content
    return response.json()


def _refused_once_more() -> None:
    """Charlie looks up one more neighbour without consent: one resident refused."""
    charlie = User.objects.get(username="charlie")
    with pytest.raises(ResidentNotFound):
        lookups.resident_lookup(
            caller=reads.Caller(caseworker=charlie, stated_reason="Aanvraag bijstand"),
            bsn=neighbour_bsn(NEIGHBOURS),
            purpose_code=INCOME_PURPOSE,
        )


def test_no_hidden_figure_of_the_demo_can_be_narrowed_down(as_the_issue_saw_it):
    # Every publication of 2026, and the year before (other years share no margins).
    documents = [*(_published(moment) for moment in LOOKS), _published(LOOKS[3], year=2025)]

    assert leaks(documents) == []
    # The auditor did look: the demo has hidden figures, the issue's among them.
    assert ("refusal_reasons", "revoked", "refused") in {
        (found.table, found.row, found.column) for found in audit(documents)
    }


def test_successive_publications_reveal_no_small_group(demo):
    first = _published(LOOKS[0])
    with time_machine.travel(LOOKS[1], tick=True):
        _refused_once_more()
    documents = [first, *(_published(moment) for moment in LOOKS[1:])]

    assert leaks(documents) == []
