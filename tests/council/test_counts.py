"""The counts behind the council's statistics, on real log rows and consent events: per local
month, purpose, outcome, reason or kind, with the number of different residents."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from consent.models import ConsentEvent
from consent.selectors import consent_event_counts
from consent.services import access_request_create, grant_create, grant_revoke
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import LogSubject
from municipal_gateway.selectors import access_log_counts
from tests.conftest import ALICE_BSN
from tests.factories import valid_bsn
from tests.municipal_gateway.conftest import BIJSTAND, WMO
from vault.services import vault_erase

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM)


def _today() -> dict[str, datetime]:
    now = timezone.now()
    return {"start": now - timedelta(days=1), "end": now + timedelta(days=1)}


def _refused(resident, append_entry, reason: str = Reason.NO_GRANT, **overrides):
    return append_entry(
        resident,
        purpose_code=WMO,
        outcome=Outcome.REFUSED,
        reason=reason,
        categories_returned=[],
        record_ids=[],
        **overrides,
    )


# -- the access log --------------------------------------------------------------------------


def test_it_counts_attempts_in_their_local_month(alice, dave, append_entry):
    with time_machine.travel(_local(2026, 1, 31, 23, 30), tick=False):
        append_entry(alice)
    # 31 January 23:30 in UTC, but February in Amsterdam.
    with time_machine.travel(_local(2026, 2, 1, 0, 30), tick=False):
        append_entry(dave)

    rows = access_log_counts(start=_local(2026, 1, 1), end=_local(2027, 1, 1), by=("month",))

    assert rows == [
        {"month": date(2026, 1, 1), "attempts": 1, "residents": 1},
        {"month": date(2026, 2, 1), "attempts": 1, "residents": 1},
    ]


def test_it_counts_from_the_start_up_to_but_not_including_the_end(alice, append_entry):
    start, end = _local(2026, 3, 1), _local(2026, 4, 1)
    for moment in (start - timedelta(microseconds=1), start, end - timedelta(microseconds=1), end):
        with time_machine.travel(moment, tick=False):
            append_entry(alice)

    rows = access_log_counts(start=start, end=end, by=("month",))

    assert rows == [{"month": date(2026, 3, 1), "attempts": 2, "residents": 1}]


def test_it_counts_attempts_by_purpose_outcome_and_reason(purposes, alice, dave, append_entry):
    for resident in (alice, alice, dave):
        append_entry(resident)
    for resident in (alice, dave, None):
        reason = Reason.NO_GRANT if resident else Reason.UNKNOWN_RESIDENT
        _refused(resident, append_entry, reason)

    rows = access_log_counts(**_today(), by=("purpose_code", "outcome", "reason"))

    assert rows == [
        {
            "purpose_code": BIJSTAND,
            "outcome": "allowed",
            "reason": "allowed",
            "attempts": 3,
            "residents": 2,
        },
        {
            "purpose_code": WMO,
            "outcome": "refused",
            "reason": "no_grant",
            "attempts": 2,
            "residents": 2,
        },
        {
            "purpose_code": WMO,
            "outcome": "refused",
            "reason": "unknown_resident",
            "attempts": 1,
            "residents": 0,
        },
    ]


def test_it_counts_different_residents_across_groups(alice, dave, append_entry):
    for resident in (alice, alice, dave):
        append_entry(resident)
    _refused(alice, append_entry)

    rows = access_log_counts(**_today(), by=("outcome",))

    assert rows == [
        {"outcome": "allowed", "attempts": 3, "residents": 2},
        {"outcome": "refused", "attempts": 1, "residents": 1},
    ]


def test_it_counts_attempts_about_unknown_residents_but_not_as_residents(
    alice, charlie, append_entry
):
    _refused(None, append_entry, Reason.UNKNOWN_RESIDENT)
    _refused(None, append_entry, Reason.UNKNOWN_RESIDENT)
    _refused(None, append_entry, Reason.UNKNOWN_RESIDENT, caseworker=charlie)
    _refused(alice, append_entry)

    rows = access_log_counts(**_today(), by=("outcome",))

    assert rows == [{"outcome": "refused", "attempts": 4, "residents": 1}]


def test_it_counts_everything_in_one_row_without_groups(alice, dave, append_entry):
    for resident in (alice, alice, dave):
        append_entry(resident)
    _refused(None, append_entry, Reason.UNKNOWN_RESIDENT)

    assert access_log_counts(**_today()) == [{"attempts": 4, "residents": 2}]


def test_it_still_counts_an_erased_resident(alice, dave, append_entry):
    append_entry(alice)
    _refused(alice, append_entry)
    append_entry(dave)
    before = access_log_counts(**_today(), by=("purpose_code", "outcome"))

    vault_erase(resident=alice)

    assert not User.objects.filter(username="alice").exists()
    assert LogSubject.objects.filter(resident__isnull=True).count() == 1
    assert access_log_counts(**_today(), by=("purpose_code", "outcome")) == before
    assert [row["residents"] for row in before] == [2, 1]


@pytest.mark.parametrize(
    "by", [("subject_id",), ("caseworker_id",), ("caseworker_name",), ("month", "record_ids")]
)
def test_it_refuses_to_count_the_log_per_person_or_record(db, by):
    with pytest.raises(ValueError, match="cannot group"):
        access_log_counts(**_today(), by=by)


# -- the consent history ---------------------------------------------------------------------


def test_it_counts_consent_events_in_their_local_month(alice, dave, purposes):
    with time_machine.travel(_local(2027, 1, 31, 23, 30), tick=False):
        grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    with time_machine.travel(_local(2027, 2, 1, 0, 30), tick=False):
        grant_create(resident=dave, purpose_code=WMO, categories=["health"])

    rows = consent_event_counts(start=_local(2027, 1, 1), end=_local(2028, 1, 1), by=("month",))

    assert rows == [
        {"month": date(2027, 1, 1), "events": 1, "residents": 1},
        {"month": date(2027, 2, 1), "events": 1, "residents": 1},
    ]


def test_it_counts_consent_events_by_purpose_and_kind(alice, dave, purposes):
    grant = grant_create(resident=alice, purpose_code=WMO, categories=["health"])
    grant_create(resident=dave, purpose_code=WMO, categories=["health"])
    grant_create(resident=alice, purpose_code=BIJSTAND, categories=["income"])
    grant_revoke(resident=alice, grant_id=grant.id)

    rows = consent_event_counts(**_today(), by=("purpose_code", "kind"))

    assert rows == [
        {"purpose_code": BIJSTAND, "kind": "granted", "events": 1, "residents": 1},
        {"purpose_code": WMO, "kind": "granted", "events": 2, "residents": 2},
        {"purpose_code": WMO, "kind": "revoked", "events": 1, "residents": 1},
    ]
    assert consent_event_counts(**_today()) == [{"events": 4, "residents": 2}]


def _request(bob, bsn: str) -> None:
    access_request_create(
        caseworker=bob, purpose_code=WMO, categories=["health"], reason="Gesprek.", bsn=bsn
    )


def test_it_counts_a_request_as_a_resident_before_anyone_is_known(bob, purposes):
    # Nobody has these BSNs: requests are made about a number, not a vault.
    _request(bob, valid_bsn(1))
    _request(bob, valid_bsn(1))
    _request(bob, valid_bsn(2))

    rows = consent_event_counts(**_today(), by=("kind",))

    assert rows == [{"kind": "request_made", "events": 3, "residents": 2}]
    assert not ConsentEvent.objects.filter(subject__isnull=False).exists()


def test_it_still_counts_an_erased_residents_consent_events(alice, dave, bob, purposes):
    moment = _local(2027, 3, 3, 10)
    window = {"start": moment - timedelta(hours=1), "end": moment + timedelta(hours=1)}
    with time_machine.travel(moment, tick=False):
        grant_create(resident=alice, purpose_code=WMO, categories=["health"])
        grant_create(resident=dave, purpose_code=WMO, categories=["health"])
        _request(bob, ALICE_BSN)
    before = consent_event_counts(**window, by=("purpose_code", "kind"))

    # Later, so erasure's own events (the revocation, the closed request) fall outside.
    with time_machine.travel(moment + timedelta(hours=2), tick=False):
        vault_erase(resident=alice)

    assert not ConsentEvent.objects.filter(resident__isnull=False).exclude(resident=dave).exists()
    assert consent_event_counts(**window, by=("purpose_code", "kind")) == before
    assert [(row["kind"], row["residents"]) for row in before] == [
        ("granted", 2),
        ("request_made", 1),
    ]


@pytest.mark.parametrize("by", [("subject",), ("resident",), ("grant",), ("kind", "categories")])
def test_it_refuses_to_count_consent_events_per_person_or_grant(db, by):
    with pytest.raises(ValueError, match="cannot group"):
        consent_event_counts(**_today(), by=by)


def test_it_groups_purpose_codes_outside_the_register_as_one(purposes, alice, dave, append_entry):
    # A caseworker can send any text as the purpose; it must never become a group of its own.
    append_entry(alice, purpose_code="111222333")
    append_entry(dave, purpose_code="alice de vries")
    append_entry(dave, purpose_code=BIJSTAND)

    rows = access_log_counts(**_today(), by=("purpose_code",))

    assert rows == [
        {"purpose_code": "", "attempts": 2, "residents": 2},
        {"purpose_code": BIJSTAND, "attempts": 1, "residents": 1},
    ]
