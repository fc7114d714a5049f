"""The access log records how the caseworker logged in (issue 12): the password form, the
municipality's identity provider with its assurance level, or a case system's API token.
The fields are covered by the entry's hash; an entry without them keeps its old hash."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from accounts.services import api_token_create
from identity.constants import SESSION_ACR, SESSION_PROVIDER
from municipal_gateway import encoding
from municipal_gateway.models import AccessLogEntry
from tests.municipal_gateway.conftest import READ_HEADERS, WMO

STAFF_ACR = "urn:example:acr:mfa"


def _read(client, reference):
    url = f"/api/v1/gateway/residents/{reference}/records/?purpose={WMO}"
    response = client.get(url, **READ_HEADERS)
    assert response.status_code == 200, response.content
    return AccessLogEntry.objects.get(id=response.json()["access_log_entry"])


def test_a_read_with_an_api_token_says_so(bob, bob_reference, wmo_grant):
    _, token = api_token_create(user=bob, name="zaaksysteem")

    entry = _read(APIClient(HTTP_AUTHORIZATION=f"Token {token}"), bob_reference)

    assert (entry.login_method, entry.login_assurance) == ("api_token", "")


def test_a_read_after_the_password_form_says_local(bob, bob_reference, wmo_grant):
    client = APIClient()
    client.force_login(bob)

    entry = _read(client, bob_reference)

    assert (entry.login_method, entry.login_assurance) == ("local", "")


def test_a_read_after_the_identity_provider_names_it_and_its_level(bob, bob_reference, wmo_grant):
    client = APIClient()
    client.force_login(bob)
    session = client.session
    session[SESSION_PROVIDER], session[SESSION_ACR] = "staff", STAFF_ACR
    session.save()

    entry = _read(client, bob_reference)

    assert (entry.login_method, entry.login_assurance) == ("staff", STAFF_ACR)


def test_the_portal_read_records_the_login_too(bob, bob_reference, wmo_grant, client):
    client.force_login(bob)

    client.post(
        f"/medewerker/inwoner/{bob_reference}/",
        {"purpose": WMO, "category": "", "reason": "Herindicatie", "case_reference": ""},
    )

    assert AccessLogEntry.objects.get(operation="records.read").login_method == "local"


def test_the_login_method_is_covered_by_the_hash(bob, bob_reference, wmo_grant, tamper):
    entry = _read(
        APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=bob, name='z')[1]}"),
        bob_reference,
    )
    # Someone with database access makes a token read look like a strong interactive login.
    AccessLogEntry.objects.filter(id=entry.id).update(login_method="staff", login_assurance="x")

    with pytest.raises(CommandError):
        call_command("verify_access_log", stdout=StringIO())


def test_an_entry_without_a_login_method_keeps_the_hash_it_had(bob, bob_reference, wmo_grant):
    entry = _read(
        APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=bob, name='z')[1]}"),
        bob_reference,
    )
    entry.login_method = entry.login_assurance = ""

    document = encoding.entry_document(entry)

    # Exactly the fields an entry had before the login method was recorded.
    assert set(document) == {*encoding.CONTENT_FIELDS, "v", "id", "subject_id", "seq", "prev_hash"}
