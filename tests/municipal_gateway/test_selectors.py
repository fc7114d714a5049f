import hashlib
import json

from django.contrib.auth.models import AnonymousUser

from municipal_gateway.models import AccessLogEntry
from municipal_gateway.selectors import (
    access_log_export_section,
    access_log_list_for_resident,
)
from vault.selectors import resident_export
from vault.services import vault_erase


def _entry_hash(document: dict) -> str:
    """Recomputed from the export alone, as docs/access-log.md describes."""
    hashed = {name: document[name] for name in document if name not in ("entry_hash", "summary")}
    encoded = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(b"datameent/access-log/entry/v1\x00" + encoded.encode()).hexdigest()


def test_it_exports_the_whole_log_so_it_can_be_checked_offline(alice, dave, append_entry):
    entries = [append_entry(alice), append_entry(alice, stated_reason="Tweede")]
    append_entry(dave)

    section = access_log_export_section(resident=alice)["access_log"]

    assert section["subject_id"] == entries[0].subject_id
    assert [entry["id"] for entry in section["entries"]] == [str(e.id) for e in entries]
    previous = "0" * 64
    for document in section["entries"]:
        assert set(document) - {"entry_hash", "summary"} == set(section["hashed_fields"])
        assert document["prev_hash"] == previous
        assert _entry_hash(document) == document["entry_hash"]
        previous = document["entry_hash"]
    assert section["entries"][1]["summary"].startswith("bob van Team Wmo")


def test_it_adds_the_log_to_the_residents_export(alice, append_entry):
    append_entry(alice)

    export = resident_export(resident=alice)

    assert len(export["access_log"]["entries"]) == 1


def test_it_never_mistakes_a_user_without_id_for_forgotten_subjects(alice, append_entry):
    append_entry(alice)
    vault_erase(resident=alice)

    assert AccessLogEntry.objects.count() == 1
    assert not access_log_list_for_resident(resident=AnonymousUser()).exists()
    assert access_log_export_section(resident=AnonymousUser())["access_log"]["entries"] == []
