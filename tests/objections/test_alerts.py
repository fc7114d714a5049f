"""Each alert rule: triggered, and just below it. Alerts never block a read."""

from datetime import datetime, timedelta
from itertools import islice

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.selectors import department_get
from consent.services import access_request_create
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.selectors import access_log_entries_between
from municipal_gateway.services import access_log_append
from objections import tasks
from objections.alerts import alerts_evaluate, lookup_without_follow_up
from objections.models import Alert
from tests.conftest import ALICE_BSN

TZ = timezone.get_default_timezone()
# A Tuesday, in office hours.
TUESDAY = datetime(2027, 3, 9, 10, 0, tzinfo=TZ)


def _bsns():
    """Valid BSNs (the 11-test), for the neighbours."""
    for n in range(10_000):
        digits = [int(d) for d in f"2000{n:04d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            yield "".join(map(str, digits)) + str(check)


@pytest.fixture
def residents(db):
    from vault.services import resident_create

    def make(count: int):
        bsns = _bsns()
        return [
            resident_create(username=f"buur-{n}", password=None, bsn=next(bsns))
            for n in range(count)
        ]

    return make


def _at(moment: datetime, append, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return append(*args, **kwargs)


def _evaluate(moment: datetime) -> list[Alert]:
    with time_machine.travel(moment, tick=False):
        alerts_evaluate(now=timezone.now())
    return list(Alert.objects.all())


def _refuse(log_entry, resident, moment):
    return _at(
        moment,
        log_entry,
        resident,
        outcome=Outcome.REFUSED,
        reason=Reason.NO_GRANT,
        categories_returned=[],
        record_ids=[],
    )


@pytest.mark.parametrize(("attempts", "alerts"), [(5, 0), (6, 1)])
def test_refused_attempts_per_day(settings, alice, log_entry, attempts, alerts):
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "refused_per_day": 5}
    entries = [_refuse(log_entry, alice, TUESDAY + timedelta(minutes=n)) for n in range(attempts)]

    found = _evaluate(TUESDAY + timedelta(hours=2))

    assert len(found) == alerts
    if alerts:
        assert found[0].rule == "refused_per_day"
        assert found[0].entry_ids == [str(entry.id) for entry in entries]
        assert found[0].caseworker_name == entries[0].caseworker_name


def test_refused_attempts_on_two_days_do_not_add_up(settings, alice, log_entry):
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "refused_per_day": 5}
    for n in range(3):
        _refuse(log_entry, alice, TUESDAY + timedelta(minutes=n))
        _refuse(log_entry, alice, TUESDAY + timedelta(days=1, minutes=n))

    assert _evaluate(TUESDAY + timedelta(days=1, hours=2)) == []


def _lookup(log_entry, resident, moment):
    return _at(moment, log_entry, resident, operation=Operation.RESIDENT_LOOKUP, record_ids=[])


@pytest.mark.parametrize(("read_after", "alerts"), [(timedelta(hours=71), 0), (None, 1)])
def test_a_lookup_never_followed_by_a_read(settings, alice, log_entry, read_after, alerts):
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "lookup_follow_up_hours": 72}
    _lookup(log_entry, alice, TUESDAY)
    if read_after:
        _at(TUESDAY + read_after, log_entry, alice)

    before_window = _evaluate(TUESDAY + timedelta(hours=71, minutes=59))
    found = _evaluate(TUESDAY + timedelta(hours=72, minutes=1))

    assert before_window == []  # judged only once the window has passed
    assert [alert.rule for alert in found] == ["lookup_without_follow_up"] * alerts


def test_a_lookup_followed_by_a_request_for_consent(settings, alice, bob, purposes):
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "lookup_follow_up_hours": 72}
    with time_machine.travel(TUESDAY, tick=False):
        access_log_append(
            resident=alice,
            caseworker=bob,
            department=department_get(code="wmo"),
            operation=Operation.RESIDENT_LOOKUP,
            purpose_code="wmo-huishoudelijke-hulp",
            purpose_version=1,
            purpose_name="Wmo",
            outcome=Outcome.ALLOWED,
            reason=Reason.ALLOWED,
        )
    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        access_request_create(
            caseworker=bob,
            bsn=ALICE_BSN,
            purpose_code="wmo-huishoudelijke-hulp",
            categories=["health"],
            reason="Aanvraag",
        )

    assert _evaluate(TUESDAY + timedelta(hours=73)) == []


def _queries_of_the_lookup_rule(log_entry, residents, start: datetime) -> tuple[int, int]:
    """Lookups of these residents from ``start``, none followed up: findings and queries."""
    for number, resident in enumerate(residents):
        _lookup(log_entry, resident, start + timedelta(minutes=number))
    now = start + timedelta(hours=73)
    entries = list(access_log_entries_between(start=start, end=now))
    with CaptureQueriesContext(connection) as queries:
        findings = list(lookup_without_follow_up(entries, now))
    return len(findings), len(queries)


def test_the_lookup_rule_asks_the_database_as_often_for_many_lookups_as_for_one(
    settings, residents, log_entry
):
    """It once asked up to three queries per lookup and scanned the window for each one."""
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "lookup_follow_up_hours": 72}
    neighbours = residents(13)

    one = _queries_of_the_lookup_rule(log_entry, neighbours[:1], TUESDAY)
    many = _queries_of_the_lookup_rule(log_entry, neighbours[1:], TUESDAY + timedelta(days=7))

    assert (one[0], many[0]) == (1, 12)
    assert many[1] == one[1] <= 3


@pytest.mark.parametrize(
    ("local", "alerts"),
    [
        (datetime(2027, 3, 9, 7, 0), 0),  # Tuesday, the first office minute
        (datetime(2027, 3, 9, 18, 59), 0),  # Tuesday, the last office minute
        (datetime(2027, 3, 9, 19, 0), 1),  # Tuesday evening
        (datetime(2027, 3, 9, 6, 59), 1),  # Tuesday, early morning
        (datetime(2027, 3, 13, 11, 0), 1),  # Saturday
    ],
)
def test_reads_outside_office_hours(alice, log_entry, local, alerts):
    moment = local.replace(tzinfo=TZ)
    _at(moment, log_entry, alice)

    found = _evaluate(moment + timedelta(minutes=5))

    assert [alert.rule for alert in found] == ["outside_office_hours"] * alerts


def test_a_refused_attempt_at_night_is_no_read(alice, log_entry):
    moment = datetime(2027, 3, 9, 23, 0, tzinfo=TZ)
    _refuse(log_entry, alice, moment)

    assert _evaluate(moment + timedelta(minutes=5)) == []


@pytest.mark.parametrize(("count", "alerts"), [(3, 0), (4, 1)])
def test_reads_of_many_residents_in_a_short_time(settings, residents, log_entry, count, alerts):
    settings.OBJECTIONS_ALERTS = {
        **settings.OBJECTIONS_ALERTS,
        "many_residents": 3,
        "many_residents_minutes": 10,
    }
    people = residents(count)
    for n, person in enumerate(people):
        _at(TUESDAY + timedelta(minutes=2 * n), log_entry, person)
        _at(TUESDAY + timedelta(minutes=2 * n + 1), log_entry, person)  # again: still one

    found = _evaluate(TUESDAY + timedelta(minutes=30))

    assert [alert.rule for alert in found] == ["many_residents"] * alerts


def test_many_residents_spread_over_longer_than_the_window(settings, residents, log_entry):
    settings.OBJECTIONS_ALERTS = {
        **settings.OBJECTIONS_ALERTS,
        "many_residents": 3,
        "many_residents_minutes": 10,
    }
    for n, person in enumerate(residents(4)):
        _at(TUESDAY + timedelta(minutes=4 * n), log_entry, person)  # 0, 4, 8, 12 minutes

    assert _evaluate(TUESDAY + timedelta(minutes=30)) == []


def test_evaluating_again_raises_nothing_new(settings, alice, log_entry):
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "refused_per_day": 1}
    for n in range(3):
        _refuse(log_entry, alice, TUESDAY + timedelta(minutes=n))

    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        assert tasks.evaluate_alerts() == 1
        assert tasks.evaluate_alerts() == 0


def test_the_officer_sees_the_alert_with_its_entries(settings, alice, petra, log_entry):
    from tests.objections.conftest import client_for

    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "refused_per_day": 1}
    for n in range(2):
        _refuse(log_entry, alice, TUESDAY + timedelta(minutes=n))
    _evaluate(TUESDAY + timedelta(hours=1))

    page = client_for(petra).get("/fg/").content.decode()

    assert "Veel geweigerde pogingen op één dag" in page
    assert page.count("records.read, Geweigerd") == 2


def test_many_lookups_are_each_judged_by_their_own_follow_up(
    settings, residents, log_entry, bob, purposes
):
    """In one run: a read in time, a request in time, a read too late, nothing at all."""
    settings.OBJECTIONS_ALERTS = {**settings.OBJECTIONS_ALERTS, "lookup_follow_up_hours": 72}
    people = residents(4)
    lookups = [
        _lookup(log_entry, resident, TUESDAY + timedelta(minutes=number))
        for number, resident in enumerate(people)
    ]
    _at(TUESDAY + timedelta(hours=2), log_entry, people[0])
    _at(TUESDAY + timedelta(hours=73), log_entry, people[2])
    with time_machine.travel(TUESDAY + timedelta(hours=3), tick=False):
        access_request_create(
            caseworker=bob,
            bsn=list(islice(_bsns(), 4))[1],
            purpose_code="wmo-huishoudelijke-hulp",
            categories=["health"],
            reason="Aanvraag",
        )

    now = TUESDAY + timedelta(hours=74)
    entries = list(access_log_entries_between(start=TUESDAY, end=now))

    # The rule itself: raising then keeps one alert per caseworker and overlapping window.
    found = list(lookup_without_follow_up(entries, now))
    assert [finding.entries for finding in found] == [[lookup] for lookup in lookups[2:]]
