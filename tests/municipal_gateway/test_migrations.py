"""On PostgreSQL the database itself refuses to change or delete access-log entries."""

import pytest
from django.db import DatabaseError, transaction

from municipal_gateway.models import AccessLogEntry

pytestmark = pytest.mark.integration


def test_it_refuses_updates_of_entries(require_postgres, alice_chain):
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        AccessLogEntry.objects.filter(id=alice_chain[0].id).update(stated_reason="Anders")

    assert AccessLogEntry.objects.get(id=alice_chain[0].id).stated_reason == "Zaak 1"


def test_it_refuses_deletes_of_entries(require_postgres, alice_chain):
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        AccessLogEntry.objects.filter(id=alice_chain[-1].id).delete()

    assert AccessLogEntry.objects.count() == 5
