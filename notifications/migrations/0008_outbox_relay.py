"""Pending outbox rows and the relay that hands them over (notifications.services.relay).

An index for the relay's claim of pending rows, and on PostgreSQL a trigger that wakes the
relays: NOTIFY is delivered at commit only, so a relay never looks for rows it cannot see.
One NOTIFY per statement, not per row, and PostgreSQL folds equal ones per transaction.
Other databases: the relays poll.
"""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION notifications_outbox_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('datameent_outbox', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER notifications_outboxmessage_notify
    AFTER INSERT ON notifications_outboxmessage
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_outbox_notify();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS notifications_outboxmessage_notify ON notifications_outboxmessage;
DROP FUNCTION IF EXISTS notifications_outbox_notify();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("notifications", "0007_represented_request")]

    operations = [
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("dispatched_at__isnull", True)),
                fields=["id"],
                name="outbox_pending",
            ),
        ),
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
