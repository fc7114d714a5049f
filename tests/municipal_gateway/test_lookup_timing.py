"""A BSN lookup takes as long for a BSN with a vault as for one without (issue 16, item 3).

Charlie has no grant from alice: both lookups answer 404 alike, but the one for alice's
BSN also writes to her chain and sends her a message (with tasks in process: inside the
request). Timing alone must not tell, through the API or the portal form.
"""

import pytest
from django.test import Client

from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import BIJSTAND, api_client_for
from tests.timing import MAX_SEPARATION, report, separation, taking_turns, timed

# Short, so the suite stays fast, yet longer than a lookup's work on a busy test machine.
FLOOR_MS = 150
NOBODY_BSN = "100000009"
REASON = "Aanvraag bijzondere bijstand"
# Transactions commit, so work after commit (tasks run in process here) happens as in use.
pytestmark = pytest.mark.django_db(transaction=True)


def _api_lookup(client, bsn: str):
    def call():
        body = {"bsn": bsn, "purpose": BIJSTAND, "reason": REASON}
        response = client.post("/api/v1/gateway/residents/lookup/", body, format="json")
        return response.status_code, response.content

    return call


def _portal_lookup(client, bsn: str):
    def call():
        body = {"bsn": bsn, "purpose": BIJSTAND, "reason": REASON}
        response = client.post("/medewerker/opzoeken/", body)
        return response.status_code, response.headers.get("Location")

    return call


def test_a_lookup_takes_as_long_with_or_without_a_vault(
    settings, alice_with_email, wmo_grant, charlie
):
    settings.BSN_ANSWER_FLOOR_MS = FLOOR_MS
    api, portal = api_client_for(charlie), Client()
    portal.force_login(charlie)

    times, answers = timed(
        {
            side: taking_turns(_api_lookup(api, bsn), _portal_lookup(portal, bsn))
            for side, bsn in (("vault", ALICE_BSN), ("none", NOBODY_BSN))
        }
    )

    assert answers["vault"] == answers["none"] and len(answers["vault"]) == 2
    print(report(times))  # shown with -s, and on failure
    assert separation(*times.values()) < MAX_SEPARATION, report(times)
