"""The demo: alice's log shows bob's read and charlie's refused attempt, once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from municipal_gateway.selectors import access_log_list_for_resident, access_log_verify_for_resident


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

    with pytest.raises(CommandError, match="never runs with DJANGO_ENV=production"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.filter(username="root").exists()
