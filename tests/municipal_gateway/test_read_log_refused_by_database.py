"""No data without a log entry, when the database itself refuses the write: on the hot path
(PostgreSQL: the read statement, then one statement for the entry, the resident's message and
the chain head's move), after the first read made the chain. test_read_log_failure.py breaks
the Python services instead; here nothing in Python is touched."""

import pytest
from django.db import connection

from municipal_gateway.models import AccessLogEntry, ChainHead
from notifications.models import OutboxMessage
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger"),
]

# Rolled back with the test's transaction.
_REFUSE_INSERTS = """
CREATE FUNCTION datameent_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the table is gone'; END; $$;
CREATE TRIGGER refuse BEFORE INSERT ON {table}
FOR EACH ROW EXECUTE FUNCTION datameent_test_refuse();
"""


@pytest.mark.parametrize(
    "table", ["municipal_gateway_accesslogentry", "notifications_outboxmessage"]
)
def test_a_read_returns_no_data_when_the_database_refuses_its_entry_or_message(
    bob_api, alice, bob_reference, wmo_grant, table
):
    first = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    assert first.status_code == 200
    entries, messages = AccessLogEntry.objects.count(), OutboxMessage.objects.count()
    head = ChainHead.objects.get(seq__gt=0)
    with connection.cursor() as cursor:
        cursor.execute(_REFUSE_INSERTS.format(table=table))

    response = bob_api.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)

    assert response.status_code == 503
    assert response.json()["code"] == "access_log_unavailable"
    assert b"Zorgbehoefte" not in response.content
    assert "records" not in response.json()
    assert AccessLogEntry.objects.count() == entries
    assert OutboxMessage.objects.count() == messages
    assert ChainHead.objects.get(pk=head.pk).seq == head.seq == 1
