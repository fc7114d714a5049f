"""The caseworker gateway API: who may ask, what comes back, and what is logged."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_create
from consent.services import grant_revoke
from municipal_gateway.constants import Operation, Outcome
from municipal_gateway.models import AccessLogEntry
from notifications.models import OutboxMessage
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import (
    BIJSTAND,
    READ_HEADERS,
    WMO,
    api_client_for,
    records_url,
)

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
ENDPOINTS = [
    ("get", "/api/v1/gateway/purposes/", None),
    ("get", "/api/v1/gateway/residents/", None),
    (
        "post",
        "/api/v1/gateway/residents/lookup/",
        {"bsn": ALICE_BSN, "purpose": WMO, "reason": "x"},
    ),
    ("get", records_url("ref_whatever") + f"?purpose={WMO}&reason=x", None),
]


def _read(client, reference, **params):
    query = {"purpose": WMO, **params}
    return client.get(records_url(reference), query, **READ_HEADERS)


@pytest.mark.parametrize("method,url,body", ENDPOINTS)
@pytest.mark.parametrize("who", ["alice", "carol", "root"])
def test_it_answers_404_to_anyone_but_a_caseworker(request, who, method, url, body):
    client = api_client_for(request.getfixturevalue(who))

    response = getattr(client, method)(url, body, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method,url,body", ENDPOINTS)
def test_it_asks_strangers_to_log_in(db, method, url, body):
    response = getattr(APIClient(), method)(url, body, format="json")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_it_lists_the_purposes_of_my_department(bob_api, purposes):
    response = bob_api.get("/api/v1/gateway/purposes/")

    assert response.status_code == 200
    assert {purpose["department"] for purpose in response.json()} == {"wmo"}
    assert WMO in {purpose["code"] for purpose in response.json()}


def test_it_lists_residents_with_a_running_grant_as_opaque_references(
    bob_api, charlie_api, alice, dave, wmo_grant
):
    from consent.services import grant_create

    grant_create(resident=alice, purpose_code=BIJSTAND, categories=["income"])

    bob_list = bob_api.get("/api/v1/gateway/residents/").json()
    charlie_list = charlie_api.get("/api/v1/gateway/residents/").json()

    assert bob_list["count"] == 1 and charlie_list["count"] == 1
    bob_ref, charlie_ref = bob_list["results"][0], charlie_list["results"][0]
    assert bob_ref["department"] == "wmo" and charlie_ref["department"] == "inkomen"
    # Two departments cannot correlate alice through her reference.
    assert bob_ref["reference"] != charlie_ref["reference"]
    # Random, not derived: no user id, BSN, BSN hash or vault id in it.
    assert re.fullmatch(r"ref_[A-Za-z0-9_-]{24}", bob_ref["reference"])
    for leak in (ALICE_BSN, str(alice.vault.id), alice.vault.bsn_hash, alice.vault.bsn_hash[:24]):
        assert leak not in bob_ref["reference"]
    # Asking again gives the same reference.
    assert bob_api.get("/api/v1/gateway/residents/").json()["results"][0] == bob_ref


def test_it_leaves_residents_out_once_their_grant_is_revoked(bob_api, alice, wmo_grant):
    grant_revoke(resident=alice, grant_id=wmo_grant.id)

    assert bob_api.get("/api/v1/gateway/residents/").json()["count"] == 0


def test_it_reads_what_the_grant_covers_and_logs_it(bob_api, bob_reference, wmo_grant):
    response = bob_api.get(
        records_url(bob_reference),
        {"purpose": WMO, "case_reference": "Z-2026-0042"},
        HTTP_X_REASON="Herindicatie",
        HTTP_TRACEPARENT=TRACEPARENT,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["categories"] == ["health", "household"]
    assert sorted(record["title"] for record in body["records"]) == ["Huishouden", "Zorgbehoefte"]
    assert "no-store" in response["Cache-Control"]
    assert response["traceparent"].startswith(f"00-{TRACE_ID}-")
    entry = AccessLogEntry.objects.get()
    assert str(entry.id) == body["access_log_entry"]
    assert (entry.outcome, entry.reason, entry.operation) == ("allowed", "allowed", "records.read")
    assert entry.trace_id == TRACE_ID and entry.parent_span_id == "00f067aa0ba902b7"
    assert entry.request_id == response["X-Request-ID"]
    assert entry.span_id == response["traceparent"].split("-")[2]
    assert entry.stated_reason == "Herindicatie (zaak Z-2026-0042)"
    assert entry.grant_id == str(wmo_grant.id)
    assert sorted(entry.record_ids) == sorted(record["id"] for record in body["records"])
    assert (entry.department_code, entry.purpose_version) == ("wmo", 1)


def test_it_reads_one_category_with_a_token(bob, bob_reference, wmo_grant):
    _, token = api_token_create(user=bob, name="zaaksysteem")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")

    response = _read(client, bob_reference, category="health")

    assert response.status_code == 200
    assert [record["category"] for record in response.json()["records"]] == ["health"]


def test_it_tells_the_resident_about_every_attempt_without_their_data(
    bob_api, bob_reference, wmo_grant
):
    _read(bob_api, bob_reference, category="health")
    _read(bob_api, bob_reference, category="income")

    messages = {message.kind: message for message in OutboxMessage.objects.all()}
    assert set(messages) == {"access", "refused_access"}
    assert messages["access"].payload["categories"] == ["health"]
    assert messages["access"].payload["department"] == "wmo"
    assert "Zorgbehoefte" not in str(messages["access"].payload)


@pytest.mark.parametrize(
    "params,headers,code",
    [
        ({}, READ_HEADERS, "purpose_required"),
        ({"purpose": WMO}, {}, "reason_required"),
        ({"purpose": WMO}, {"HTTP_X_REASON": "   "}, "reason_required"),
        ({"purpose": WMO, "category": "bank"}, READ_HEADERS, "invalid"),
    ],
)
def test_it_refuses_incomplete_requests_without_logging(
    bob_api, bob_reference, wmo_grant, params, headers, code
):
    response = bob_api.get(records_url(bob_reference), params, **headers)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert AccessLogEntry.objects.count() == 0


def test_it_accepts_a_case_reference_instead_of_a_reason(bob_api, bob_reference, wmo_grant):
    response = bob_api.get(
        records_url(bob_reference), {"purpose": WMO}, HTTP_X_CASE_REFERENCE="Z-1"
    )

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().stated_reason == "zaak Z-1"


def _refusal(client, reference, **params):
    response = _read(client, reference, **params)
    entry = AccessLogEntry.objects.order_by("-occurred_at", "-seq").first()
    return response.status_code, response.json()["code"], entry


def test_it_refuses_a_category_the_grant_does_not_cover(bob_api, bob_reference, wmo_grant):
    status, code, entry = _refusal(bob_api, bob_reference, category="identity")

    assert (status, code) == (403, "category_not_covered")
    assert (entry.outcome, entry.reason, entry.record_ids) == ("refused", code, [])


def test_it_refuses_at_once_after_revocation(bob_api, alice, bob_reference, wmo_grant):
    grant_revoke(resident=alice, grant_id=wmo_grant.id)

    status, code, entry = _refusal(bob_api, bob_reference)

    assert (status, code, entry.reason) == (403, "revoked", "revoked")


def test_it_refuses_after_expiry(bob, bob_reference, wmo_grant):
    with time_machine.travel(wmo_grant.valid_until + timedelta(seconds=1)):
        # Logged in then: the session of today would have run out as well.
        status, code, entry = _refusal(api_client_for(bob), bob_reference)

    assert (status, code) == (403, "expired")


def test_it_refuses_another_departments_purpose_on_my_reference(bob_api, bob_reference, wmo_grant):
    status, code, entry = _refusal(bob_api, bob_reference, purpose=BIJSTAND)

    assert (status, code) == (403, "purpose_not_for_department")
    assert entry.subject_id != f"unknown-resident:{entry.caseworker_id}"


def test_it_hides_unknown_and_other_departments_references(
    charlie_api, bob_api, bob_reference, wmo_grant
):
    foreign = _read(charlie_api, bob_reference, purpose=BIJSTAND)
    unknown = _read(bob_api, "ref_doesnotexist")

    assert foreign.status_code == unknown.status_code == 404
    assert (
        foreign.json()
        == unknown.json()
        == {
            "code": "resident_not_found",
            "detail": "Wij kunnen deze inwoner niet vinden.",
        }
    )
    assert AccessLogEntry.objects.filter(reason="unknown_resident").count() == 1
    assert AccessLogEntry.objects.filter(reason="not_a_member_of_department").count() == 1


def test_it_tells_the_resident_when_another_department_uses_her_reference(
    charlie_api, alice, bob_reference, wmo_grant
):
    from municipal_gateway.selectors import access_log_list_for_resident

    _read(charlie_api, bob_reference, purpose=BIJSTAND)

    entry = access_log_list_for_resident(resident=alice).get()
    assert (entry.outcome, entry.reason) == ("refused", "not_a_member_of_department")
    assert (entry.caseworker_name, entry.department_code) == ("charlie", "inkomen")
    assert OutboxMessage.objects.get().kind == "refused_access"


def test_it_gives_a_reference_for_a_bsn_only_with_a_running_grant(
    bob_api, charlie_api, alice, wmo_grant
):
    found = bob_api.post(
        "/api/v1/gateway/residents/lookup/",
        {"bsn": ALICE_BSN, "purpose": WMO, "reason": "Herindicatie"},
        format="json",
    )
    listed = bob_api.get("/api/v1/gateway/residents/").json()["results"][0]["reference"]

    assert found.status_code == 200
    assert found.json() == {"reference": listed}
    entry = AccessLogEntry.objects.get()
    assert (entry.operation, entry.outcome) == (Operation.RESIDENT_LOOKUP, Outcome.ALLOWED)


def _lookup(client, bsn, purpose=BIJSTAND):
    return client.post(
        "/api/v1/gateway/residents/lookup/",
        {"bsn": bsn, "purpose": purpose, "reason": "Aanvraag"},
        format="json",
        HTTP_X_REQUEST_ID="same-request-id",
    )


def _comparable(response) -> tuple:
    headers = {
        # Expires is the clock at answer time: both carry it, the second may differ.
        key: "<moment>" if key == "Expires" else value
        for key, value in response.headers.items()
        if key not in ("traceparent", "X-Request-ID")
    }
    return response.status_code, response.content, headers


@pytest.mark.parametrize("bsn", ["123456782", "999999990", "12345", "abc"])
def test_it_answers_a_bsn_without_grant_like_one_nobody_has(charlie_api, alice, wmo_grant, bsn):
    known = _lookup(charlie_api, ALICE_BSN)
    other = _lookup(charlie_api, bsn)

    assert known.status_code == 404
    assert _comparable(known) == _comparable(other)


def test_it_logs_a_refused_lookup_in_the_residents_chain(charlie_api, alice, wmo_grant):
    _lookup(charlie_api, ALICE_BSN)
    _lookup(charlie_api, "123456782")

    refused = AccessLogEntry.objects.exclude(subject_id__startswith="unknown-resident:").get()
    assert (refused.operation, refused.reason, refused.department_code) == (
        "residents.lookup",
        "no_grant",
        "inkomen",
    )
    assert OutboxMessage.objects.get().kind == "refused_access"
    assert AccessLogEntry.objects.filter(reason="unknown_resident").count() == 1


def test_it_keeps_the_reference_of_an_earlier_grant(bob_api, alice, bob_reference, wmo_grant):
    from consent.services import grant_create

    grant_revoke(resident=alice, grant_id=wmo_grant.id)
    grant_create(resident=alice, purpose_code=WMO, categories=["health"])

    response = _read(bob_api, bob_reference)

    assert response.status_code == 200
    assert response.json()["categories"] == ["health"]


def test_it_forgets_a_reference_when_the_caseworker_leaves(
    bob_api, bob, wmo_department, bob_reference, wmo_grant
):
    from accounts.services import membership_end

    membership_end(user=bob, department=wmo_department, at=timezone.now() - timedelta(seconds=1))

    response = _read(bob_api, bob_reference)

    assert response.status_code == 404
