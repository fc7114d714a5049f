from vault.selectors import record_get_for_resident, record_versions_for_resident
from vault.services import record_create, record_update


def test_it_round_trips_and_keeps_versions(alice):
    record = record_create(resident=alice, category="income", title="Loonstrook", content={"a": 1})
    record_update(resident=alice, record_id=record.id, title="Loonstrook 2", content={"a": 2})

    current = record_get_for_resident(resident=alice, record_id=record.id)
    versions = record_versions_for_resident(resident=alice, record_id=record.id)

    assert (current.title, current.content, current.version) == ("Loonstrook 2", {"a": 2}, 2)
    assert [v.title for v in versions] == ["Loonstrook 2", "Loonstrook"]
