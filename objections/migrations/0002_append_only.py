"""Defence in depth on PostgreSQL, as for the access log: the database refuses UPDATE and
DELETE of objections and their steps. Other databases: no-op."""

from django.db import migrations

TABLES = ("objections_objection", "objections_objectionstep")

FORWARD = """
CREATE OR REPLACE FUNCTION objections_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'objections and their steps cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_append_only
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION objections_append_only();
"""
    for table in TABLES
)

BACKWARD = "".join(
    f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in TABLES
) + "DROP FUNCTION IF EXISTS objections_append_only();\n"


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("objections", "0001_initial")]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
