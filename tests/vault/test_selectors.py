"""Reads from the vault: the export document (docs/export-format.md) and who may read what."""

import base64
import json
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine

from tests.factories import PDF_BYTES, RecordFactory, pdf_upload
from vault.exceptions import RecordNotFound, VaultNotFound
from vault.selectors import (
    record_get_for_resident,
    record_list_for_resident,
    resident_export,
    vault_export_section,
)
from vault.services import record_update


def test_it_exports_in_the_documented_format(alice):
    with time_machine.travel("2026-03-01 09:00:00+01:00", tick=False):
        record = RecordFactory(
            resident=alice,
            category="income",
            title="Loonstrook",
            content={"netto": 1800},
            document=pdf_upload(),
            erase_after=date(2031, 1, 1),
        )
    with time_machine.travel("2026-04-01 09:00:00+02:00", tick=False):
        record_update(resident=alice, record_id=record.id, title="Loonstrook maart")
        export = resident_export(resident=alice)

    assert (export["format"], export["version"]) == ("datameent-export", "1.0")
    assert export["exported_at"] == "2026-04-01T07:00:00+00:00"
    assert export["resident"] == {
        "username": "alice",
        "first_name": "Alice",
        "last_name": "",
        "email": "",
    }
    [exported] = export["records"]
    assert exported["id"] == str(record.id)
    assert exported["erase_after"] == "2031-01-01"
    current, first = exported["versions"]
    assert current == {
        "version": 2,
        "category": "income",
        "title": "Loonstrook maart",
        "content": {"netto": 1800},
        "document": {
            "filename": "beschikking.pdf",
            "content_type": "application/pdf",
            "size": len(PDF_BYTES),
            "data_base64": base64.b64encode(PDF_BYTES).decode(),
        },
        "provenance": "resident",
        "source_organisation": None,
        "saved_at": "2026-04-01T07:00:00+00:00",
    }
    assert (first["version"], first["title"], first["saved_at"]) == (
        1,
        "Loonstrook",
        "2026-03-01T08:00:00+00:00",
    )


def test_it_exports_only_the_residents_own_records(alice, dave, alice_record, dave_record):
    exported = vault_export_section(resident=dave)

    assert [r["id"] for r in exported["records"]] == [str(dave_record.id)]


def test_it_finds_no_vault_for_someone_who_is_not_a_resident(root, alice_record):
    with pytest.raises(VaultNotFound):
        record_list_for_resident(resident=root)
    with pytest.raises(VaultNotFound):
        record_get_for_resident(resident=root, record_id=alice_record.id)


def test_it_finds_no_record_of_another_resident(dave, alice_record):
    with pytest.raises(RecordNotFound):
        record_get_for_resident(resident=dave, record_id=alice_record.id)


def test_it_matches_the_example_in_the_documentation(alice, alice_record):
    text = Path(__file__).resolve().parents[2].joinpath("docs/export-format.md").read_text()
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    export = resident_export(resident=alice)

    assert set(example) == set(export)
    assert set(example["records"][0]) == set(export["records"][0])
    assert set(example["records"][0]["versions"][0]) == set(export["records"][0]["versions"][0])
    assert example["version"] == export["version"]
