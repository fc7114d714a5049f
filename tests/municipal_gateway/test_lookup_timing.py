"""A BSN lookup takes as long for a BSN with a vault as for one without (issue 16, item 3).

Charlie has no grant from alice: both lookups answer 404 alike, but today the one for
alice's BSN also writes to her chain and sends her a message. Timing alone must not tell.
"""

import pytest
from django.test import Client

from notifications.constants import Kind
from notifications.services import notification_preferences_update
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import BIJSTAND, api_client_for
from tests.timing import MAX_SEPARATION, report, separation, timed

# Short, so the suite stays fast; longer than the work of a lookup in the tests.
FLOOR_MS = 40
NOBODY_BSN = "100000009"
# Transactions commit, so work after commit (tasks run in process here) happens as in use.
pytestmark = pytest.mark.django_db(transaction=True)
REASON = "Aanvraag bijzondere bijstand"


@pytest.fixture
def floor(settings):
    settings.BSN_ANSWER_FLOOR_MS = FLOOR_MS


@pytest.fixture
def alice_with_email(alice):
    # With an e-mail address and mail for everything, the vault side costs the most.
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    notification_preferences_update(resident=alice, channels=dict.fromkeys(Kind.values, "email"))
    return alice


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


def test_the_api_lookup_takes_as_long_with_or_without_a_vault(
    floor, alice_with_email, wmo_grant, charlie
):
    client = api_client_for(charlie)

    times, answers = timed(
        {"vault": _api_lookup(client, ALICE_BSN), "none": _api_lookup(client, NOBODY_BSN)}
    )

    assert answers["vault"] == answers["none"] and len(answers["vault"]) == 1
    assert separation(*times.values()) < MAX_SEPARATION, report(times)


def test_the_portal_lookup_takes_as_long_with_or_without_a_vault(
    floor, alice_with_email, wmo_grant, charlie
):
    client = Client()
    client.force_login(charlie)

    times, answers = timed(
        {"vault": _portal_lookup(client, ALICE_BSN), "none": _portal_lookup(client, NOBODY_BSN)}
    )

    assert answers["vault"] == answers["none"] and len(answers["vault"]) == 1
    assert separation(*times.values()) < MAX_SEPARATION, report(times)
