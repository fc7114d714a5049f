"""No data without a log entry: if the entry (or the resident's notification) cannot be
written, the read fails as a whole and returns nothing."""

import pytest
from django.db import DatabaseError

from municipal_gateway import services
from municipal_gateway.models import AccessLogEntry, ChainHead
from notifications import services as notification_services
from notifications.models import OutboxMessage
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url


def _broken(*args, **kwargs):
    raise DatabaseError("the log table is gone")


@pytest.mark.parametrize(
    "module,name",
    [(services, "access_log_append"), (notification_services, "notification_enqueue_sql")],
)
def test_it_returns_no_data_when_the_attempt_cannot_be_recorded(
    monkeypatch, bob_api, bob_reference, wmo_grant, module, name
):
    monkeypatch.setattr(module, name, _broken)

    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 503
    assert response.json()["code"] == "access_log_unavailable"
    assert "records" not in response.json()
    assert b"Zorgbehoefte" not in response.content
    assert AccessLogEntry.objects.count() == 0
    assert ChainHead.objects.filter(seq__gt=0).count() == 0
    assert OutboxMessage.objects.count() == 0


def test_it_fails_a_refusal_it_cannot_log_too(monkeypatch, bob_api, bob_reference, wmo_grant):
    monkeypatch.setattr(services, "access_log_append", _broken)

    response = bob_api.get(
        records_url(bob_reference), {"purpose": WMO, "category": "income"}, **READ_HEADERS
    )

    assert response.status_code == 503
    assert AccessLogEntry.objects.count() == 0


def test_it_returns_data_again_once_the_log_works(monkeypatch, bob_api, bob_reference, wmo_grant):
    monkeypatch.setattr(services, "access_log_append", _broken)
    bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    monkeypatch.undo()

    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 200
    assert AccessLogEntry.objects.get().seq == 1
