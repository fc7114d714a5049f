"""Erasure reaches django-axes: no login attempt or login of an erased resident stays."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from accounts.services import login_history_erase
from vault.forms import ERASE_PHRASE
from vault.services import vault_erase

AXES_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


@pytest.fixture(autouse=True)
def _failure_log_on(settings):
    # Off by default in axes; on here so all three tables hold rows to erase.
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True


def _log_in(username: str, password: str) -> Client:
    client = Client()
    client.post("/inloggen/", {"username": username, "password": "wrong-password"})
    client.post("/inloggen/", {"username": username, "password": password})
    return client


def _rows_for(username: str) -> list[int]:
    return [model.objects.filter(username=username).count() for model in AXES_MODELS]


def test_it_erases_the_login_history_and_keeps_other_users_rows(alice, bob):
    _log_in("alice", "alice-demo-pass")
    _log_in("bob", "bob-demo-pass")
    assert _rows_for("alice") == [1, 1, 1]

    vault_erase(resident=alice)

    assert _rows_for("alice") == [0, 0, 0]
    assert _rows_for("bob") == [1, 1, 1]


def test_it_leaves_no_login_history_after_erasure_in_the_portal(alice):
    client = _log_in("alice", "alice-demo-pass")

    response = client.post("/downloaden-of-wissen/wissen/", {"confirm": ERASE_PHRASE})

    assert response.status_code == 200
    assert _rows_for("alice") == [0, 0, 0]


def test_it_can_run_twice(alice):
    _log_in("alice", "alice-demo-pass")

    login_history_erase(resident=alice)
    login_history_erase(resident=alice)

    assert _rows_for("alice") == [0, 0, 0]
