"""Concurrent appends for one resident never fork the chain (PostgreSQL, real transactions)."""

import threading

import pytest
from django.db import connection

from accounts.models import Department, User
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import AccessLogEntry, ChainHead, LogLeaf, LogSubject
from municipal_gateway.services import access_log_append, checkpoint_create
from municipal_gateway.verification import verify_all

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

THREADS = 8
APPENDS_PER_THREAD = 5


def _append_many(resident_id: int, caseworker_id: int, barrier: threading.Barrier, errors: list):
    try:
        resident = User.objects.get(id=resident_id)
        caseworker = User.objects.get(id=caseworker_id)
        department = Department.objects.select_related("organisation").get(code="wmo")
        barrier.wait(timeout=30)
        for _ in range(APPENDS_PER_THREAD):
            access_log_append(
                resident=resident,
                caseworker=caseworker,
                department=department,
                purpose_code="bijzondere-bijstand",
                purpose_version=1,
                purpose_name="Bijzondere bijstand",
                outcome=Outcome.REFUSED,
                reason=Reason.NO_GRANT,
            )
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


def _run_threads(resident: User, caseworker: User) -> list:
    barrier, errors = threading.Barrier(THREADS), []
    threads = [
        threading.Thread(target=_append_many, args=(resident.id, caseworker.id, barrier, errors))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_it_never_forks_a_chain_under_concurrent_appends(require_postgres, alice, bob):
    # No LogSubject or ChainHead yet: the first appends also race to create them.
    errors = _run_threads(alice, bob)

    assert errors == []
    total = THREADS * APPENDS_PER_THREAD
    subject = LogSubject.objects.get(resident=alice)
    seqs = list(
        AccessLogEntry.objects.filter(subject_id=subject.subject_id)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, total + 1))
    assert ChainHead.objects.get(subject_id=subject.subject_id).seq == total
    assert verify_all().ok


def _sign(barrier: threading.Barrier, errors: list) -> None:
    try:
        barrier.wait(timeout=30)
        checkpoint_create()
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


def test_concurrent_checkpoints_append_each_head_once(require_postgres, alice, dave, bob):
    errors: list = []
    _append_many(alice.id, bob.id, threading.Barrier(1), errors)
    _append_many(dave.id, bob.id, threading.Barrier(1), errors)
    barrier = threading.Barrier(4)
    threads = [threading.Thread(target=_sign, args=(barrier, errors)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert list(LogLeaf.objects.values_list("index", flat=True)) == [0, 1]
    assert verify_all().ok
