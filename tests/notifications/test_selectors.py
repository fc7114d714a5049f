from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from notifications.constants import DEFAULT_CHANNELS, Channel, Kind
from notifications.selectors import digest_period, preferences_get
from notifications.services import notification_preferences_update

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db
def test_it_gives_defaults_until_the_resident_chooses(alice, dave):
    assert preferences_get(resident=alice) == DEFAULT_CHANNELS

    notification_preferences_update(resident=alice, channels={Kind.ACCESS: Channel.INBOX})

    assert preferences_get(resident=alice)[Kind.ACCESS] == Channel.INBOX
    assert preferences_get(resident=dave) == DEFAULT_CHANNELS


@pytest.mark.parametrize(
    ("channel", "now", "expected"),
    [
        (Channel.DAILY, datetime(2026, 3, 5, 0, 0, tzinfo=AMS), (4, 5)),
        (Channel.DAILY, datetime(2026, 3, 5, 23, 59, tzinfo=AMS), (4, 5)),
        (Channel.WEEKLY, datetime(2026, 3, 9, 0, 0, tzinfo=AMS), (2, 9)),
        (Channel.WEEKLY, datetime(2026, 3, 15, 23, 0, tzinfo=AMS), (2, 9)),
    ],
)
def test_it_picks_the_last_finished_local_period(channel, now, expected):
    start, end = digest_period(channel=channel, now=now)

    assert (start, end) == tuple(datetime(2026, 3, day, tzinfo=AMS) for day in expected)


def test_it_has_no_period_for_other_channels():
    with pytest.raises(ValueError):
        digest_period(channel=Channel.EMAIL, now=datetime(2026, 3, 5, tzinfo=AMS))
