"""A withdrawal never fails while caseworkers read (issue 16, item 4).

Over HTTP against the live server, on whichever database the suite runs on: in each trial
eight caseworker clients read alice's records through the gateway in a loop while alice
withdraws her consent through the API. Every withdrawal must answer 200 and stick, and no
read that starts after the withdrawal's response may return data. A read *starts* when its
client is about to send the request, so a read counted as later really is.

On SQLite this is what WAL, the busy timeout and ``BEGIN IMMEDIATE`` are for: a gateway
read writes its log entry, and two deferred transactions that both upgrade to a write lock
fail at once with "database is locked", whatever the timeout.
"""

import random
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
import requests
from django.conf import settings
from django.test import Client

from accounts.services import api_token_create
from consent.models import Grant
from consent.services import grant_create
from municipal_gateway.services.references import reference_get_or_create
from tests.consent.conftest import WMO
from vault.constants import Category
from vault.services import record_create

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 50
READERS = 8
# Readers go on this long after the withdrawal answered, so some start after it for sure.
TAIL = 0.1


@pytest.fixture
def bob_reference(alice, wmo_department) -> str:
    record_create(resident=alice, category=Category.HEALTH, title="Zorg", content={"uren": 3})
    return reference_get_or_create(resident=alice, department=wmo_department)


@dataclass(frozen=True)
class Read:
    began: float
    status: int
    returned_data: bool


@dataclass
class Trial:
    revoke_status: int = 0
    revoke_body: str = ""
    answered_at: float = 0.0
    reads: list[Read] = field(default_factory=list)

    def late_reads(self) -> list[Read]:
        return [read for read in self.reads if read.began > self.answered_at]


class Gateway:
    """bob's case system: an API token and the read URL of alice's records."""

    def __init__(self, base: str, token: str, reference: str) -> None:
        self.url = f"{base}/api/v1/gateway/residents/{reference}/records/"
        self.headers = {"Authorization": f"Token {token}", "X-Reason": "Herindicatie"}

    def read(self, session: requests.Session) -> Read:
        began = time.monotonic()
        response = session.get(self.url, params={"purpose": WMO}, headers=self.headers)
        data = response.status_code == 200 and bool(response.json().get("records"))
        return Read(began, response.status_code, data)


def _resident_session(user) -> requests.Session:
    """alice's browser: a real session cookie and a CSRF cookie with its header."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 characters, the form of a CSRF secret
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    session.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    session.headers["X-CSRFToken"] = csrf
    return session


def _read_until(gateway: Gateway, stop: threading.Event, trial: Trial, errors: list) -> None:
    with requests.Session() as session:
        try:
            while not stop.is_set():
                trial.reads.append(gateway.read(session))
        except Exception as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)


def _withdraw(base: str, resident: requests.Session, grant_id, trial: Trial, stop) -> None:
    try:
        time.sleep(random.uniform(0.01, 0.04))  # the readers are under way
        response = resident.post(f"{base}/api/v1/me/consents/{grant_id}/revoke/")
        trial.answered_at = time.monotonic()
        trial.revoke_status, trial.revoke_body = response.status_code, response.text[:200]
        time.sleep(TAIL)
    finally:
        stop.set()


def _trial(base: str, gateway: Gateway, resident: requests.Session, alice) -> Trial:
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health", "household"])
    trial, stop, errors = Trial(), threading.Event(), []
    threads = [
        threading.Thread(target=_read_until, args=(gateway, stop, trial, errors))
        for _ in range(READERS)
    ]
    threads.append(threading.Thread(target=_withdraw, args=(base, resident, grant.id, trial, stop)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return trial


def test_a_withdrawal_succeeds_under_eight_readers_every_time(
    live_server, alice, bob, purposes, bob_reference
):
    _, token = api_token_create(user=bob, name="load test")
    gateway = Gateway(live_server.url, token, bob_reference)
    resident = _resident_session(alice)

    trials = [_trial(live_server.url, gateway, resident, alice) for _ in range(TRIALS)]

    failed = [(t.revoke_status, t.revoke_body) for t in trials if t.revoke_status != 200]
    assert failed == []
    assert Grant.objects.filter(resident=alice, revoked_at=None).count() == 0
    late = [read for trial in trials for read in trial.late_reads()]
    assert len(late) >= TRIALS  # not vacuous: reads did start after each withdrawal
    assert [read for read in late if read.returned_data] == []
    # The readers were really reading, and none of them failed either.
    statuses = Counter(read.status for trial in trials for read in trial.reads)
    assert statuses[200] >= TRIALS
    assert [status for status in statuses if status >= 500] == []
