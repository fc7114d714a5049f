"""Defence in depth on PostgreSQL: the database itself refuses UPDATE and DELETE of entries.

Detection does not depend on this (see verify_access_log); it only stops casual tampering
through the application's own database role. Other databases: no-op.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION municipal_gateway_access_log_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log entries cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER municipal_gateway_accesslogentry_immutable
    BEFORE UPDATE OR DELETE ON municipal_gateway_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION municipal_gateway_access_log_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS municipal_gateway_accesslogentry_immutable
    ON municipal_gateway_accesslogentry;
DROP FUNCTION IF EXISTS municipal_gateway_access_log_immutable();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("municipal_gateway", "0001_initial")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
