"""Digest mails are sent at most once too (issue 16, item 11): the period is claimed in its
own committed step before the send, and the result recorded after it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError

from notifications.constants import Channel, Kind
from notifications.exceptions import EmailNotSent
from notifications.models import DigestRun
from notifications.services import digests_send, notification_preferences_update
from tests.notifications.conftest import record_event
from tests.notifications.test_delivery import database_fails_after, sink  # noqa: F401

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
WEDNESDAY = datetime(2026, 3, 4, 10, 0, tzinfo=AMS)
THURSDAY_MORNING = datetime(2026, 3, 5, 7, 0, tzinfo=AMS)


@pytest.fixture
def daily_alice(alice_with_email, bob):
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.DAILY}
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        record_event(resident=alice_with_email, actor=bob)
    return alice_with_email


def test_a_digest_is_claimed_then_recorded_as_sent(sink, daily_alice):  # noqa: F811
    assert digests_send(channel=Channel.DAILY, now=THURSDAY_MORNING) == 1

    assert len(sink.messages) == 1
    assert DigestRun.objects.get().state == "sent"


def test_a_digest_is_never_sent_twice_when_the_database_fails_after_the_send(
    sink,  # noqa: F811
    daily_alice,
):
    with database_fails_after(lambda: len(sink.messages) > 0), pytest.raises(OperationalError):
        digests_send(channel=Channel.DAILY, now=THURSDAY_MORNING)

    # The beat runs the job again (and the next day's run looks back too): no second mail.
    assert digests_send(channel=Channel.DAILY, now=THURSDAY_MORNING) == 0
    assert len(sink.messages) == 1
    # The claim stays: its outcome is unknown, as for single mails.
    assert DigestRun.objects.get().state == "sending"


def test_a_refused_digest_is_tried_again_by_the_next_run(sink, daily_alice):  # noqa: F811
    sink.refuse(1)
    with pytest.raises(EmailNotSent):
        digests_send(channel=Channel.DAILY, now=THURSDAY_MORNING)
    assert not DigestRun.objects.exists()  # certainly not sent: the claim is given back

    assert digests_send(channel=Channel.DAILY, now=THURSDAY_MORNING) == 1
    assert len(sink.messages) == 1 and DigestRun.objects.get().state == "sent"
