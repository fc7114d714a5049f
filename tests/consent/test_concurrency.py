"""Revocation and a gateway read on PostgreSQL, in real concurrent transactions.

The read holds the grant FOR SHARE: a revocation waits until the read is done, and a read
that starts while a revocation is being committed waits and then sees it.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from consent.constants import ReasonCode
from consent.selectors import decide
from consent.services import grant_create, grant_revoke
from tests.consent.conftest import WMO

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]
HOLD = 1.0


def _in_thread(target) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = target()
        except Exception as error:  # noqa: BLE001 - handed to the test thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def _kwargs(alice, bob) -> dict:
    return {"caseworker": bob, "resident": alice, "purpose_code": WMO, "category": "health"}


def test_it_makes_a_revocation_wait_for_a_running_read(require_postgres, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    locked = threading.Event()

    def read() -> tuple[bool, float]:
        with transaction.atomic():
            decision = decide(lock=True, **_kwargs(alice, bob))
            locked.set()
            time.sleep(HOLD)
            return decision.allowed, time.monotonic()

    thread, result = _in_thread(read)
    assert locked.wait(timeout=30)
    grant_revoke(resident=alice, grant_id=grant.id)
    revoked_at = time.monotonic()
    thread.join(timeout=30)

    allowed, read_done = result["value"]
    assert allowed and revoked_at >= read_done
    assert decide(**_kwargs(alice, bob)).reason == ReasonCode.REVOKED


def test_it_makes_a_read_wait_for_a_revocation_and_see_it(require_postgres, alice, bob, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    revoking = threading.Event()

    def revoke() -> None:
        with transaction.atomic():
            grant_revoke(resident=alice, grant_id=grant.id)
            revoking.set()
            time.sleep(HOLD)

    thread, result = _in_thread(revoke)
    assert revoking.wait(timeout=30)
    started = time.monotonic()
    with transaction.atomic():
        decision = decide(lock=True, **_kwargs(alice, bob))
    thread.join(timeout=30)

    assert "error" not in result
    assert decision.reason == ReasonCode.REVOKED
    assert time.monotonic() - started >= HOLD / 2
