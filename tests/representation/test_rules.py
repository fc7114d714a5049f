"""Ages to the second on the Dutch clock, and the 29 February rule."""

from datetime import date, datetime, timedelta

import pytest

from representation.rules import AMSTERDAM, age_at, birthday

SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("born_on", "local_midnight"),
    [
        # 16th birthday on the Sunday summer time starts (02:00 → 03:00): still 00:00 CET.
        (date(2011, 3, 28), "2027-03-28T00:00:00+01:00"),
        # The day after summer time starts: 00:00 CEST.
        (date(2011, 3, 29), "2027-03-29T00:00:00+02:00"),
        # The Sunday winter time returns (03:00 → 02:00): 00:00 still CEST.
        (date(2011, 10, 31), "2027-10-31T00:00:00+02:00"),
        # The day after: 00:00 CET.
        (date(2011, 11, 1), "2027-11-01T00:00:00+01:00"),
    ],
)
def test_the_16th_birthday_starts_at_local_midnight_on_both_sides_of_a_clock_change(
    born_on, local_midnight
):
    start = datetime.fromisoformat(local_midnight)
    assert birthday(born_on, 16) == start
    assert age_at(born_on, start) == 16
    assert age_at(born_on, start - SECOND) == 15
    # The same moment in UTC gives the same answer.
    assert age_at(born_on, (start - SECOND).astimezone(AMSTERDAM).astimezone()) == 15


def test_a_birthday_is_not_shifted_by_utc():
    # 00:30 in Amsterdam is still the day before in UTC: the local date counts.
    born_on = date(2011, 7, 1)
    moment = datetime.fromisoformat("2027-06-30T22:30:00+00:00")
    assert age_at(born_on, moment) == 16
    assert age_at(born_on, moment - timedelta(minutes=31)) == 15


def test_29_february_has_its_birthday_on_1_march_in_other_years():
    born_on = date(2012, 2, 29)
    first_march = datetime.fromisoformat("2028-03-01T00:00:00+01:00")
    assert birthday(born_on, 16) == datetime.fromisoformat("2028-02-29T00:00:00+01:00")
    assert birthday(born_on, 15) == datetime.fromisoformat("2027-03-01T00:00:00+01:00")
    assert age_at(born_on, datetime.fromisoformat("2027-02-28T23:59:59+01:00")) == 14
    assert age_at(born_on, datetime.fromisoformat("2027-03-01T00:00:00+01:00")) == 15
    # In a leap year the birthday is on 29 February itself.
    assert age_at(born_on, first_march - timedelta(days=1)) == 16
    assert age_at(born_on, first_march - timedelta(days=1) - SECOND) == 15
