"""Constant-time existence on PostgreSQL with Redis and a real worker (issue 16, item 3).

The web side publishes each message to Redis after commit; a ``celery worker`` delivers
it (with an e-mail to alice) beside the requests, as in production. Timing alone must not
tell alice's BSN from one nobody has, on any endpoint or form that takes a BSN.
"""

import pytest
from django.test import Client

from notifications.models import InboxEntry
from tests.conftest import ALICE_BSN
from tests.consent.test_access_request_timing import _api_request, _portal_request
from tests.municipal_gateway.conftest import api_client_for
from tests.municipal_gateway.test_lookup_timing import NOBODY_BSN, _api_lookup, _portal_lookup
from tests.notifications.conftest import celery_broker
from tests.notifications.processes import Celery, wait_for
from tests.timing import MAX_SEPARATION, SAMPLES_PER_SIDE, report, separation, timed

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FLOOR_MS = 150
SURFACES = {
    "api lookup": ("charlie", True, _api_lookup),
    "portal lookup": ("charlie", False, _portal_lookup),
    "api access request": ("bob", True, _api_request),
    "portal access request": ("bob", False, _portal_request),
}


@pytest.fixture
def celery(require_postgres, require_redis, tmp_path, transactional_db):
    processes = Celery(broker_url=require_redis, tmp_path=tmp_path)
    yield processes
    processes.stop_all()


@pytest.mark.parametrize("surface", SURFACES)
def test_it_takes_as_long_with_or_without_a_vault(
    request, settings, celery, alice_with_email, wmo_grant, bob, charlie, surface
):
    settings.BSN_ANSWER_FLOOR_MS = FLOOR_MS
    who, api, call = SURFACES[surface]
    user = request.getfixturevalue(who)
    client = api_client_for(user) if api else Client()
    client.force_login(user)
    celery.worker()

    with celery_broker(celery.broker_url):
        times, answers = timed({"vault": call(client, ALICE_BSN), "none": call(client, NOBODY_BSN)})

    assert answers["vault"] == answers["none"] and len(answers["vault"]) == 1
    print(report(times))  # shown with -s, and on failure
    assert separation(*times.values()) < MAX_SEPARATION, report(times)
    # The vault side really did its work: the worker delivered a message for each request.
    wait_for(
        lambda: InboxEntry.objects.filter(resident=alice_with_email).count() >= SAMPLES_PER_SIDE,
        timeout=120,
        what="the messages to alice",
    )
