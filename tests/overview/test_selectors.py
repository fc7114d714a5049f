"""Which consents the overview lists as ending soon: running now, ending within 30 days."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from consent.services import grant_revoke
from overview.constants import ENDING_SOON
from overview.selectors import grants_ending_soon, overview_for_resident

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)


@pytest.fixture(params=[False, True], ids=["running", "withdrawn"])
def year_long_grant(request, alice, grant_ending_in):
    grant = grant_ending_in(365)
    if request.param:
        grant = grant_revoke(resident=alice, grant_id=grant.id)
    return grant


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before_end=st.timedeltas(min_value=-timedelta(days=40), max_value=timedelta(days=400)))
@example(before_end=ENDING_SOON)  # ends exactly 30 days from now: listed
@example(before_end=ENDING_SOON + SECOND)  # a second more: not yet
@example(before_end=SECOND)  # its last second: listed
@example(before_end=timedelta(0))  # ended just now: not any more
def test_a_consent_is_listed_exactly_while_it_runs_its_last_30_days(
    alice, year_long_grant, before_end
):
    grant = year_long_grant
    now = grant.valid_until - before_end

    listed = list(grants_ending_soon(resident=alice, now=now))

    running = grant.valid_from <= now < grant.valid_until and grant.revoked_at is None
    assert listed == ([grant] if running and before_end <= ENDING_SOON else [])


def test_the_overview_holds_nothing_of_another_resident(dave, grant_ending_in, open_request):
    grant_ending_in(5)

    found = overview_for_resident(resident=dave, now=timezone.now())

    assert found.ending_grants == [] and found.open_requests == []
    assert found.accesses == [] and found.unread == [] and found.unread_count == 0
