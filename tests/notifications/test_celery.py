"""A request never hangs on a dead broker: publishing gives up fast (settings.CELERY_*).

Loopback sockets only, no Redis needed: a port nobody listens on, and a listener that
accepts connections but never answers, like a broker that hangs.
"""

import socket
import time
from collections.abc import Iterator

import pytest
from kombu.exceptions import OperationalError

from notifications.models import InboxEntry
from notifications.tasks import deliver_outbox_message
from tests.notifications.conftest import DEAD_BROKER_URL, celery_broker, record_event

LIMIT_SECONDS = 2.0


@pytest.fixture
def hung_broker_url() -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/5"
    finally:
        listener.close()


@pytest.mark.parametrize("broker", ["dead", "hung"])
def test_it_gives_up_publishing_within_two_seconds(broker, request):
    url = DEAD_BROKER_URL if broker == "dead" else request.getfixturevalue("hung_broker_url")

    started = time.monotonic()
    with celery_broker(url), pytest.raises(OperationalError):
        deliver_outbox_message.delay(1)
    elapsed = time.monotonic() - started

    assert elapsed < LIMIT_SECONDS, f"{broker} broker took {elapsed:.2f}s"


@pytest.mark.django_db
def test_it_commits_the_cause_quickly_with_a_hung_broker(alice, bob, hung_broker_url):
    started = time.monotonic()
    with celery_broker(hung_broker_url):
        message = record_event(resident=alice, actor=bob)
    elapsed = time.monotonic() - started

    assert elapsed < LIMIT_SECONDS, f"commit took {elapsed:.2f}s"
    message.refresh_from_db()
    assert message.delivered_at is None and not InboxEntry.objects.exists()
