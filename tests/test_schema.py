from django.core.management import call_command


def test_it_generates_the_whole_openapi_schema_without_warnings(db, tmp_path):
    # --fail-on-warn turns every warning (duplicate component, unresolved type) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))

    assert "/api/v1/gateway/residents/" in (tmp_path / "s.yaml").read_text()
