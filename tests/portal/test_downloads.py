"""The portal's two downloads for GDPR rights, opened as a resident with a consent.

Regression (issue 10): for every resident who had given consent, the export and the
consent receipt answered 500, because a lazy translation label reached ``json.dumps``.
The API versions worked, and no test opened the portal pages. Each download is parsed
back and compared with the API's document.
"""

import json

import pytest
from django.test import Client
from django.utils import timezone

from consent.selectors import current_purposes
from consent.services import grant_create, purposes_seed
from vault.constants import Category
from vault.services import record_create


@pytest.fixture
def alice_with_consent(alice, bob):
    purposes_seed()
    version = next(v for v in current_purposes() if v.department.code == "wmo")
    record_create(
        resident=alice, category=Category.HOUSEHOLD, title="Huishouden", content={"volwassenen": 1}
    )
    grant = grant_create(
        resident=alice,
        purpose_code=version.purpose.code,
        categories=[Category.HOUSEHOLD],
        valid_until=timezone.now() + timezone.timedelta(days=30),
    )
    return alice, grant


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Made anew each time a document is made: the moment, and the receipt's own id.
PER_DOCUMENT = {"exported_at", "generated_at", "receipt_timestamp", "receipt_id"}


def _without_moment(document):
    if isinstance(document, dict):
        return {k: _without_moment(v) for k, v in document.items() if k not in PER_DOCUMENT}
    if isinstance(document, list):
        return [_without_moment(item) for item in document]
    return document


def test_the_export_downloads_for_a_resident_with_a_consent(alice_with_consent):
    alice, _grant = alice_with_consent
    client = _client(alice)

    page = client.get("/downloaden-of-wissen/download/")
    api = client.get("/api/v1/me/export/")

    assert page.status_code == 200, page.content[:300]
    assert page["Content-Disposition"] == 'attachment; filename="datameent-export.json"'
    assert _without_moment(json.loads(page.content)) == _without_moment(api.json())


def test_the_consent_receipt_downloads(alice_with_consent):
    alice, grant = alice_with_consent
    client = _client(alice)

    page = client.get(f"/toestemmingen/{grant.id}/bewijs/")
    api = client.get(f"/api/v1/me/consents/{grant.id}/receipt/")

    assert page.status_code == 200, page.content[:300]
    assert _without_moment(json.loads(page.content)) == _without_moment(api.json())


def test_nobody_else_downloads_a_residents_receipt(alice_with_consent, dave, bob):
    _alice, grant = alice_with_consent

    for other in (dave, bob):
        assert _client(other).get(f"/toestemmingen/{grant.id}/bewijs/").status_code == 404
