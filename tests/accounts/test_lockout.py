"""A lockout that cannot be used against the owner: per username-and-address pair, with
delays that grow, and a higher limit for one address across usernames."""

import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

OWNER_ADDRESS = "198.51.100.7"
STRANGER_ADDRESS = "203.0.113.66"


def _attempt(username: str, password: str, *, address: str) -> int:
    """One login from ``address`` in a fresh browser; returns the status (302 = logged in)."""
    response = Client(REMOTE_ADDR=address).post(
        "/inloggen/", {"username": username, "password": password}
    )
    return response.status_code


def _fail(username: str, *, address: str, times: int) -> None:
    for _ in range(times):
        _attempt(username, "wrong-password", address=address)


def test_it_never_lets_a_stranger_lock_the_owner_out(alice):
    _fail("alice", address=STRANGER_ADDRESS, times=50)

    assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302


def test_it_locks_the_pair_after_five_failures(alice, settings):
    _fail("alice", address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT - 1)
    assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302

    _fail("alice", address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT)

    assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 429
    assert _attempt("alice", "alice-demo-pass", address=STRANGER_ADDRESS) == 302


def _wait_out(clock, delay: timedelta) -> None:
    """Still locked a second before ``delay`` has passed, free a second after."""
    clock.shift(delay - timedelta(seconds=1))
    assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 429
    clock.shift(timedelta(seconds=2))


def test_the_delays_grow_with_each_failure_after_a_lock(alice, settings):
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail("alice", address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT)
        for delay in [base, 2 * base, 4 * base]:
            _wait_out(clock, delay)
            # The lock is over; one more wrong password locks again, for twice as long.
            _fail("alice", address=OWNER_ADDRESS, times=1)
        _wait_out(clock, 8 * base)

        assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302


def test_the_delay_stops_growing_at_the_maximum(alice, settings):
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    settings.AXES_COOLOFF_MAX_MINUTES = 3 * settings.AXES_COOLOFF_MINUTES
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail("alice", address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT)
        for delay in [base, 2 * base, 3 * base, 3 * base]:
            _wait_out(clock, delay)
            _fail("alice", address=OWNER_ADDRESS, times=1)
        _wait_out(clock, 3 * base)

        assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302


def test_failures_while_locked_do_not_extend_the_lock(alice, settings):
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _fail("alice", address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT)
        clock.shift(base / 2)
        _fail("alice", address=OWNER_ADDRESS, times=20)
        _wait_out(clock, base / 2)

        assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302


def test_it_stops_an_address_that_tries_many_usernames(alice, dave, settings):
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    for number in range(limit - 1):
        _attempt(f"guess-{number}", "wrong-password", address=STRANGER_ADDRESS)
    # Below the address limit, a login from that address still works.
    assert _attempt("dave", "dave-demo-pass", address=STRANGER_ADDRESS) == 302

    _attempt("guess-last", "wrong-password", address=STRANGER_ADDRESS)

    assert _attempt("dave", "dave-demo-pass", address=STRANGER_ADDRESS) == 429
    assert _attempt("alice", "alice-demo-pass", address=STRANGER_ADDRESS) == 429
    assert _attempt("alice", "alice-demo-pass", address=OWNER_ADDRESS) == 302


@pytest.mark.parametrize("address", [OWNER_ADDRESS, "2001:db8::1"])
def test_a_lock_on_one_address_leaves_another_free(alice, address, settings):
    _fail("alice", address=address, times=settings.AXES_FAILURE_LIMIT)

    assert _attempt("alice", "alice-demo-pass", address=address) == 429
    assert _attempt("alice", "alice-demo-pass", address="192.0.2.10") == 302


PROXY_ADDRESS = "10.0.0.5"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _via_proxy(username: str, password: str, *, forwarded_for: str) -> int:
    client = Client(REMOTE_ADDR=PROXY_ADDRESS, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post("/inloggen/", {"username": username, "password": password}).status_code


def test_behind_a_proxy_the_owner_is_not_locked_out_by_a_stranger(
    alice, settings, behind_one_proxy
):
    for _ in range(50):
        _via_proxy("alice", "wrong-password", forwarded_for=STRANGER_ADDRESS)

    # Every visitor comes from the proxy; only the address the proxy appended tells them apart.
    assert _via_proxy("alice", "alice-demo-pass", forwarded_for=OWNER_ADDRESS) == 302


def test_behind_a_proxy_a_stranger_cannot_spoof_another_address(alice, settings, behind_one_proxy):
    # The stranger writes a fresh address in front each time; the proxy appends the real one.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _via_proxy("alice", "wrong-password", forwarded_for=f"192.0.2.{n}, {STRANGER_ADDRESS}")

    spoofed = f"192.0.2.99, {STRANGER_ADDRESS}"
    assert _via_proxy("alice", "alice-demo-pass", forwarded_for=spoofed) == 429
    assert _via_proxy("alice", "alice-demo-pass", forwarded_for=OWNER_ADDRESS) == 302


def test_the_proxy_count_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "datameent.settings",
            "TRUSTED_PROXY_COUNT": "2",
            "DATAMEENT_VAR_DIR": str(django_settings.VAR_DIR),
        },
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split()[-2:] == ["2", "accounts.lockout.client_address"], result.stderr


def test_without_enough_forwarded_entries_the_connection_address_counts(alice, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _via_proxy("alice", "wrong-password", forwarded_for=STRANGER_ADDRESS)

    # One entry where two proxies should have written two: nothing in it is believed.
    assert _via_proxy("alice", "alice-demo-pass", forwarded_for=OWNER_ADDRESS) == 429
