"""Daily and weekly digests: one mail per resident per period, whatever runs twice."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from notifications.constants import Channel, Kind
from notifications.models import DigestRun
from notifications.services import digests_send, notification_preferences_update
from tests.notifications.conftest import record_event

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# A Wednesday.
WEDNESDAY = datetime(2026, 3, 4, 10, 0, tzinfo=AMS)


def _event_at(moment: datetime, **kwargs) -> None:
    with time_machine.travel(moment, tick=False):
        record_event(**kwargs)


def test_it_mails_yesterdays_entries_once(alice_with_email, bob):
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob)
    _event_at(WEDNESDAY.replace(hour=23, minute=59), resident=alice_with_email, actor=bob)
    _event_at(WEDNESDAY.replace(day=5, hour=0, minute=1), resident=alice_with_email, actor=bob)

    thursday_morning = datetime(2026, 3, 5, 7, 0, tzinfo=AMS)
    assert digests_send(channel=Channel.DAILY, now=thursday_morning) == 1
    assert digests_send(channel=Channel.DAILY, now=thursday_morning) == 0

    (message,) = mail.outbox
    assert message.body.count("bob heeft uw gegevens bekeken") == 2
    assert "uw berichten van de afgelopen dag / your messages of the past day" in message.subject
    run = DigestRun.objects.get()
    assert (run.entry_count, run.period_start) == (2, datetime(2026, 3, 4, tzinfo=AMS))


def test_it_leaves_entries_of_other_channels_out(alice_with_email, bob):
    notification_preferences_update(
        resident=alice_with_email,
        channels={Kind.ACCESS: Channel.WEEKLY, Kind.REFUSED_ACCESS: Channel.INBOX},
    )
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob, kind=Kind.ACCESS)
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob, kind=Kind.REFUSED_ACCESS)
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob, kind=Kind.GRANT_EXPIRED)

    digests_send(channel=Channel.DAILY, now=datetime(2026, 3, 5, 7, 0, tzinfo=AMS))

    (message,) = mail.outbox
    assert "Uw toestemming voor bob is gestopt" in message.body
    assert "bob heeft uw gegevens bekeken" not in message.body
    assert "wilde uw gegevens bekijken" not in message.body


def test_it_mails_last_weeks_entries_on_monday(alice_with_email, dave, bob):
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.WEEKLY}
    )
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob)
    _event_at(datetime(2026, 3, 8, 23, 0, tzinfo=AMS), resident=alice_with_email, actor=bob)
    _event_at(datetime(2026, 3, 9, 1, 0, tzinfo=AMS), resident=alice_with_email, actor=bob)

    monday = datetime(2026, 3, 9, 7, 30, tzinfo=AMS)
    assert digests_send(channel=Channel.WEEKLY, now=monday) == 1
    assert digests_send(channel=Channel.WEEKLY, now=monday.replace(hour=9)) == 0

    (message,) = mail.outbox
    assert message.body.count("bob heeft uw gegevens bekeken") == 2
    assert DigestRun.objects.get().period_start == datetime(2026, 3, 2, tzinfo=AMS)


def test_it_makes_up_for_a_missed_day(alice_with_email, bob):
    _event_at(WEDNESDAY, resident=alice_with_email, actor=bob)
    _event_at(WEDNESDAY + timedelta(days=1), resident=alice_with_email, actor=bob)

    # Thursday's run never happened; Friday's sends Wednesday's digest and Thursday's.
    assert digests_send(channel=Channel.DAILY, now=datetime(2026, 3, 6, 7, tzinfo=AMS)) == 2
    assert digests_send(channel=Channel.DAILY, now=datetime(2026, 3, 7, 7, tzinfo=AMS)) == 0

    starts = DigestRun.objects.order_by("period_start").values_list("period_start", flat=True)
    assert [start.astimezone(AMS).day for start in starts] == [4, 5]
    assert len(mail.outbox) == 2


def test_it_sends_nothing_without_entries_or_address(alice, dave, bob):
    _event_at(WEDNESDAY, resident=alice, actor=bob)  # alice has no email address

    assert digests_send(channel=Channel.DAILY, now=datetime(2026, 3, 5, 7, tzinfo=AMS)) == 0
    assert mail.outbox == [] and not DigestRun.objects.exists()


def test_it_keeps_days_apart_across_the_change_to_summer_time(alice_with_email, bob):
    # 29 March 2026 has 23 hours in Amsterdam.
    _event_at(datetime(2026, 3, 29, 23, 30, tzinfo=AMS), resident=alice_with_email, actor=bob)

    digests_send(channel=Channel.DAILY, now=datetime(2026, 3, 30, 7, tzinfo=AMS))

    run = DigestRun.objects.get()
    assert (run.period_start, run.period_end) == (
        datetime(2026, 3, 29, tzinfo=AMS),
        datetime(2026, 3, 30, tzinfo=AMS),
    )
    assert run.entry_count == 1
