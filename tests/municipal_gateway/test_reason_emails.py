"""A caseworker's free text never goes into an e-mail (issue 16, item 8): the mail says
that something happened and asks the resident to log in to read who and why."""

import pytest
from django.core import mail

from accounts.services import resident_profile_update
from notifications.constants import Kind
from notifications.models import InboxEntry
from notifications.services import notification_preferences_update
from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import BIJSTAND, WMO, api_client_for, records_url

EVIL = 'Klik <a href="https://evil.example/login">hier</a> of https://evil.example/x'


@pytest.fixture
def alice_by_mail(alice):
    resident_profile_update(resident=alice, email="alice@example.org")
    notification_preferences_update(resident=alice, channels=dict.fromkeys(Kind.values, "email"))
    return alice


def _texts(message) -> list[str]:
    return [message.subject, message.body, *(content for content, _ in message.alternatives)]


def _assert_no_free_text(kind: str) -> None:
    (message,) = mail.outbox
    for text in _texts(message):
        assert "evil.example" not in text and "Klik" not in text
    assert "Log in op Datameent om te zien wie het was en waarom." in message.body
    assert "Log in to Datameent to see who it was and why." in message.body
    # The portal still has the reason, for the resident who logs in.
    assert InboxEntry.objects.get(kind=kind).context["reason"].startswith("Klik")


def test_an_access_request_mail_leaves_out_the_reason(
    alice_by_mail, bob, purposes, django_capture_on_commit_callbacks
):
    body = {"purpose": WMO, "categories": ["health"], "bsn": ALICE_BSN, "reason": EVIL}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(bob).post("/api/v1/gateway/access-requests/", body)

    assert response.status_code == 201
    _assert_no_free_text(Kind.ACCESS_REQUEST)


def test_a_read_mail_leaves_out_the_reason(
    alice_by_mail, wmo_grant, bob_api, bob_reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, HTTP_X_REASON=EVIL)

    assert response.status_code == 200
    _assert_no_free_text(Kind.ACCESS)


def test_a_refused_lookup_mail_leaves_out_the_reason(
    alice_by_mail, wmo_grant, charlie_api, django_capture_on_commit_callbacks
):
    body = {"bsn": ALICE_BSN, "purpose": BIJSTAND, "reason": EVIL}
    with django_capture_on_commit_callbacks(execute=True):
        response = charlie_api.post("/api/v1/gateway/residents/lookup/", body, format="json")

    assert response.status_code == 404
    _assert_no_free_text(Kind.REFUSED_ACCESS)
