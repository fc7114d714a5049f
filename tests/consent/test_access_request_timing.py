"""An access request takes as long for a BSN with a vault as for one without (issue 16,
item 3). The answer is the same already; with tasks in process, the message to a resident
who exists is sent inside the request, so timing alone must not tell either, through the
API or the portal form."""

import pytest
from django.test import Client

from tests.conftest import ALICE_BSN
from tests.consent.conftest import WMO, client_for
from tests.timing import MAX_SEPARATION, report, separation, taking_turns, timed

FLOOR_MS = 180
NOBODY_BSN = "100000009"
# Transactions commit, so work after commit (tasks run in process here) happens as in use.
pytestmark = pytest.mark.django_db(transaction=True)
BODY = {"purpose": WMO, "categories": ["health"], "reason": "Herindicatie huishoudelijke hulp"}


def _api_request(client, bsn: str):
    def call():
        response = client.post("/api/v1/gateway/access-requests/", {**BODY, "bsn": bsn})
        return response.status_code

    return call


def _portal_request(client, bsn: str):
    def call():
        response = client.post("/medewerker/toegang-vragen/", {**BODY, "bsn": bsn})
        return response.status_code, response.headers.get("Location")

    return call


def test_a_request_takes_as_long_with_or_without_a_vault(settings, alice_with_email, bob, purposes):
    settings.BSN_ANSWER_FLOOR_MS = FLOOR_MS
    api, portal = client_for(bob), Client()
    portal.force_login(bob)

    times, answers = timed(
        {
            side: taking_turns(_api_request(api, bsn), _portal_request(portal, bsn))
            for side, bsn in (("vault", ALICE_BSN), ("none", NOBODY_BSN))
        }
    )

    assert answers["vault"] == answers["none"] == {201, (302, "/medewerker/toegang-vragen/")}
    print(report(times))  # shown with -s, and on failure
    assert separation(*times.values()) < MAX_SEPARATION, report(times)
