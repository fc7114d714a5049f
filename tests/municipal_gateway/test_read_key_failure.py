"""A vault that cannot be opened (issue 16, item 10): a wrong key, or a key ring rotated in
the wrong order. The read answers 503 ``vault_unavailable``, shows no data, and the attempt
is logged with the outcome ``error``, which the resident reads in plain words."""

import pytest
from django.test import Client

from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from notifications.models import OutboxMessage
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url
from vault import crypto


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["wrong-key", "key-not-loaded"])
def broken_ring(request, settings):
    """The key is well-formed but wrong, or the vault is wrapped under a key this process
    has not loaded (rotate_keyring ran before the web processes got the new key)."""
    kek_id = settings.VAULT_KEYRING[0][0]
    if request.param == "wrong-key":
        settings.VAULT_KEYRING = [(kek_id, crypto.new_key())]
    else:
        settings.VAULT_KEYRING = [("not-" + kek_id, crypto.new_key())]
    return request.param


def test_a_gateway_read_answers_503_and_is_logged_as_an_error(
    bob_api, bob_reference, wmo_grant, broken_ring
):
    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "vault_unavailable"
    assert b"Zorgbehoefte" not in response.content
    entry = AccessLogEntry.objects.get()
    assert (entry.outcome, entry.reason) == (Outcome.ERROR, Reason.VAULT_UNAVAILABLE)
    assert entry.record_ids == [] and entry.categories_returned == []
    assert not entry.subject_id.startswith("unknown-resident:")  # in alice's own chain
    assert OutboxMessage.objects.count() == 0  # nothing was shown; the log tells the resident


def test_the_resident_reads_the_error_in_words(alice, bob_api, bob_reference, wmo_grant, settings):
    ring = list(settings.VAULT_KEYRING)
    settings.VAULT_KEYRING = [(ring[0][0], crypto.new_key())]
    bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    settings.VAULT_KEYRING = ring

    page = _client(alice).get("/wie-keek-er/").content.decode()

    assert "Mislukt door een storing. Er zijn geen gegevens getoond." in page


def test_the_caseworker_page_answers_503(bob, bob_reference, wmo_grant, broken_ring):
    url = f"/medewerker/inwoner/{bob_reference}/"

    page = _client(bob).post(url, {"purpose": WMO, "reason": "Herindicatie"})

    assert page.status_code == 503
    assert "Zorgbehoefte" not in page.content.decode()
    assert AccessLogEntry.objects.get().outcome == Outcome.ERROR


def test_the_residents_own_records_answer_503(alice, alice_records, broken_ring):
    response = _client(alice).get("/api/v1/me/records/")

    assert response.status_code == 503
    assert response.json()["code"] == "vault_unavailable"
    assert b"Zorgbehoefte" not in response.content


def test_reads_work_again_once_the_key_is_back(bob_api, bob_reference, wmo_grant, settings):
    ring = list(settings.VAULT_KEYRING)
    settings.VAULT_KEYRING = [(ring[0][0], crypto.new_key())]
    bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    settings.VAULT_KEYRING = ring

    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 200
    assert list(AccessLogEntry.objects.order_by("seq").values_list("outcome", flat=True)) == [
        Outcome.ERROR,
        Outcome.ALLOWED,
    ]


@pytest.mark.parametrize("url", ["/mijn-gegevens/", "/downloaden-of-wissen/download/"])
def test_the_residents_own_pages_fail_as_unavailable(alice, alice_records, broken_ring, url):
    """The portal renders a ServiceUnavailable as its 503 page (datameent's middleware for
    those); until then the error itself must be that 503, never a 500 of its own."""
    from datameent.api import ServiceUnavailable

    client = _client(alice)
    try:
        response = client.get(url)
    except ServiceUnavailable as error:
        assert error.code == "vault_unavailable"
    else:
        assert response.status_code == 503
        assert "Zorgbehoefte" not in response.content.decode()
