"""The demo (demo/, ``manage.py seed_demo``): its cast, records, consents and log history,
seeded twice without duplicates, and never into a production database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User
from consent.models import AccessRequest, Grant
from demo.consents import consents_seed
from municipal_gateway.selectors import access_log_list_for_resident, access_log_verify_for_resident
from tests.factories import PDF_BYTES
from vault.models import Record, RecordVersion, Vault
from vault.selectors import (
    record_document_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
)


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [User, Membership, Organisation, Vault, Record, RecordVersion]
    return {model.__name__: model.objects.count() for model in models}


def test_it_seeds_the_demo_twice_without_duplicates(db):
    output = _run("seed_demo")
    first = _counts()
    _run("seed_demo")

    assert _counts() == first
    assert "alice-demo-2026" in output and "root" in output
    neighbours = {f"buur-{number:02d}" for number in range(1, 15)}
    assert set(User.objects.values_list("username", flat=True)) == {
        "alice",
        "dave",
        "bob",
        "charlie",
        "carol",
        "petra",
        "erin",
        "root",
        # demo.representation
        *("noor", "sem", "fenna", "gerrit", "hanna", "rita", "ruben"),
        *neighbours,
    }
    assert not any(User.objects.get(username=name).has_usable_password() for name in neighbours)
    assert User.objects.get(username="root").is_superuser
    assert Membership.objects.filter(user__username="bob", department__code="wmo").exists()
    assert Membership.objects.filter(user__username="charlie", department__code="inkomen").exists()


def test_it_seeds_records_with_versions_documents_and_organisations(db):
    _run("seed_demo")
    alice = User.objects.get(username="alice")

    records = record_list_for_resident(resident=alice)
    by_title = {record.title: record for record in records}

    assert len({record.category for record in records}) >= 4
    assert by_title["WW-uitkering"].source_organisation == "UWV"
    assert by_title["WW-uitkering"].provenance == "organisation"
    meta, pdf = record_document_for_resident(resident=alice, record_id=by_title["WW-uitkering"].id)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert meta["content_type"] == "application/pdf" and pdf != PDF_BYTES
    versions = record_versions_for_resident(resident=alice, record_id=by_title["Zorgbehoefte"].id)
    assert [v.version for v in versions] == [2, 1]
    assert record_list_for_resident(resident=User.objects.get(username="dave"))


def test_it_seeds_a_realistic_log_for_alice_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    alice = User.objects.get(username="alice")
    entries = list(access_log_list_for_resident(resident=alice).order_by("seq"))
    assert [(e.caseworker_name, e.outcome, e.operation) for e in entries] == [
        ("Bob Bakker", "allowed", "records.read"),
        ("Charlie Smit", "refused", "residents.lookup"),
    ]
    assert entries[0].record_ids and entries[1].reason == "no_grant"
    assert access_log_verify_for_resident(resident=alice).ok


def test_the_demo_never_seeds_a_production_database(db, settings):
    settings.IS_PRODUCTION = True
    settings.DATAMEENT_DEMO = False

    with pytest.raises(CommandError, match="never runs with DJANGO_ENV=production"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.filter(username="root").exists()


def test_it_seeds_the_demo_consents_once(alice, dave, bob, purposes):
    consents_seed()
    consents_seed()

    grant = Grant.objects.get()
    assert (grant.resident, grant.purpose.code) == (alice, "wmo-huishoudelijke-hulp")
    assert grant.categories == ["identity", "household", "health"]

    request = AccessRequest.objects.get()
    assert (request.caseworker, request.status) == (bob, "open")
    assert not Grant.objects.filter(resident=dave).exists()


def test_it_needs_the_demo_users(purposes):
    with pytest.raises(LookupError):
        consents_seed()
