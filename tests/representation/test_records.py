"""A representative sees and changes the subject's records, only in the categories the
relation allows; every look and change is in the subject's log and she is told (issue 11)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboxMessage
from representation.constants import Scope
from representation.exceptions import NotAllowed
from representation.models import RepresentativeAct
from representation.records import (
    record_for_representative,
    record_update_for_representative,
    records_for_representative,
)
from representation.services import machtiging_create
from vault.constants import Category, Provenance
from vault.exceptions import RecordNotFound
from vault.models import Record
from vault.services import record_create

pytestmark = pytest.mark.django_db


def acting(user, subject) -> Client:
    client = Client()
    client.force_login(user)
    assert (
        client.post(reverse("representation:act-for"), {"subject": subject.pk}).status_code == 302
    )
    return client


@pytest.fixture
def dave_records(dave):
    income = record_create(
        resident=dave, category=Category.INCOME, title="Loonstrook maart", content={"x": 1}
    )
    health = record_create(
        resident=dave, category=Category.HEALTH, title="Diagnose", content={"y": 2}
    )
    return income, health


def test_fenna_sees_daves_income_but_not_his_health(bewind, dave, fenna, dave_records):
    income, health = dave_records
    client = acting(fenna, dave)
    page = client.get(reverse("representation:acting-records")).content.decode()
    assert "Loonstrook maart" in page and "Diagnose" not in page
    assert "1 gegeven" in page  # the health record is not even counted
    assert client.get(reverse("representation:acting-record", args=[income.id])).status_code == 200
    for name in ("acting-record", "acting-record-versions", "acting-record-document"):
        assert client.get(reverse(f"representation:{name}", args=[health.id])).status_code == 404
    filtered = client.get(reverse("representation:acting-records") + "?categorie=health")
    assert "Diagnose" not in filtered.content.decode()


def test_every_look_is_in_daves_log_and_he_is_told(bewind, dave, fenna, dave_records):
    income, _health = dave_records
    record_for_representative(actor=fenna, subject=dave, record_id=income.id)
    act = RepresentativeAct.objects.get(subject=dave)
    assert (act.actor, act.capacity, act.action, act.record_id) == (
        fenna,
        "bewind",
        "records",
        income.id,
    )
    told = OutboxMessage.objects.get(resident=dave, kind="on_behalf")
    assert told.payload["action"] == "records" and "Loonstrook" not in str(told.payload)


def test_a_health_record_is_refused_as_if_it_did_not_exist(bewind, dave, fenna, dave_records):
    _income, health = dave_records
    with pytest.raises(RecordNotFound):
        record_for_representative(actor=fenna, subject=dave, record_id=health.id)
    with pytest.raises(NotAllowed):
        records_for_representative(actor=fenna, subject=dave, category=Category.HEALTH)
    # Both attempts are in dave's log, refused; nothing was seen, so he is not messaged.
    acts = RepresentativeAct.objects.filter(subject=dave).order_by("id")
    assert [(a.what, a.category, a.record_id, a.refused) for a in acts] == [
        ("record", "health", health.id, True),
        ("records", "health", None, True),
    ]
    assert {a.capacity for a in acts} == {"bewind"}
    assert not OutboxMessage.objects.filter(resident=dave, kind="on_behalf").exists()


def test_a_refused_look_at_a_record_page_is_in_the_subjects_log(bewind, dave, fenna, dave_records):
    """Fenna opens dave's health record by its address (it is in no list of hers): she gets
    a 404 as for a record that does not exist, and dave sees the refused attempt."""
    _income, health = dave_records
    client = acting(fenna, dave)
    for name in ("acting-record", "acting-record-versions", "acting-record-document"):
        assert client.get(reverse(f"representation:{name}", args=[health.id])).status_code == 404
    edit = reverse("representation:acting-record-edit", args=[health.id])
    assert client.post(edit, {"title": "Genezen"}).status_code == 404
    acts = RepresentativeAct.objects.filter(subject=dave).order_by("id")
    # The edit page reads the record before it takes a change: refused at the reading.
    assert [a.what for a in acts] == ["record", "record_versions", "record_document", "record"]
    assert {(a.actor, a.record_id, a.refused) for a in acts} == {(fenna, health.id, True)}
    assert Record.objects.get(pk=health.id).version == 1
    dave_client = Client()
    dave_client.force_login(dave)
    page = dave_client.get(reverse("representation:who-may")).content.decode()
    assert "Geweigerd" in page


def test_a_refused_move_into_health_is_in_the_subjects_log(bewind, dave, fenna, dave_records):
    income, _health = dave_records
    with pytest.raises(NotAllowed):
        record_update_for_representative(
            actor=fenna,
            subject=dave,
            record_id=income.id,
            category=Category.HEALTH,
            record_type=None,
        )
    act = RepresentativeAct.objects.get(subject=dave)
    assert (act.what, act.category, act.refused, act.record_version) == (
        "record_edit",
        "health,income",
        True,
        None,
    )


def test_an_edit_keeps_who_entered_it_on_whose_behalf(bewind, dave, fenna, dave_records):
    income, _health = dave_records
    record_update_for_representative(
        actor=fenna, subject=dave, record_id=income.id, title="Loonstrook april"
    )
    record = Record.objects.get(pk=income.id)
    assert (record.version, record.provenance) == (2, Provenance.REPRESENTATIVE)
    act = RepresentativeAct.objects.get(subject=dave, what="record_edit")
    assert act.record_version == 2
    client = acting(fenna, dave)
    page = client.get(reverse("representation:acting-record", args=[income.id])).content.decode()
    assert "ingevoerd door Fenna namens" in page
    versions = client.get(reverse("representation:acting-record-versions", args=[income.id]))
    assert "ingevoerd door Fenna namens" in versions.content.decode()


def test_an_edit_cannot_move_a_record_into_health(bewind, dave, fenna, dave_records):
    income, _health = dave_records
    with pytest.raises(NotAllowed):
        record_update_for_representative(
            actor=fenna,
            subject=dave,
            record_id=income.id,
            category=Category.HEALTH,
            record_type=None,
        )
    assert Record.objects.get(pk=income.id).category == Category.INCOME


def test_the_portal_edit_form_saves_for_dave(bewind, dave, fenna, dave_records):
    income, _health = dave_records
    client = acting(fenna, dave)
    url = reverse("representation:acting-record-edit", args=[income.id])
    form = client.get(url)
    assert form.status_code == 200
    assert "Gegeven wijzigen namens" in form.content.decode()


def test_a_machtiging_reaches_records_only_in_its_categories_and_time(clock, dave, alice):
    housing = record_create(resident=dave, category=Category.HOUSING, title="Huur", content={})
    income = record_create(resident=dave, category=Category.INCOME, title="Loon", content={})
    machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.RECORDS],
        categories=[Category.HOUSING],
        valid_until=timezone.now() + timedelta(days=5),
    )
    assert [r.id for r in records_for_representative(actor=alice, subject=dave)] == [housing.id]
    with pytest.raises(RecordNotFound):
        record_for_representative(actor=alice, subject=dave, record_id=income.id)
    clock.shift(timedelta(days=5))
    with pytest.raises(NotAllowed):
        records_for_representative(actor=alice, subject=dave)


def test_a_child_under_12_is_not_told_but_the_act_is_kept(family, sem):
    record = record_create(resident=sem, category=Category.YOUTH, title="Plan", content={})
    record_for_representative(actor=family, subject=sem, record_id=record.id)
    assert RepresentativeAct.objects.filter(subject=sem, record_id=record.id).exists()
    assert not OutboxMessage.objects.filter(resident=sem, kind="on_behalf").exists()


def test_a_refused_page_explains_and_is_not_in_the_menu(clock, dave, alice):
    machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.CONSENT],
        categories=[Category.HOUSING],
        valid_until=timezone.now() + timedelta(days=5),
    )
    client = acting(alice, dave)
    page = client.get(reverse("representation:acting-consents")).content.decode()
    assert reverse("representation:acting-records") not in page
    refused = client.get(reverse("representation:acting-records"))
    assert refused.status_code == 403
    assert "Dit kunt u niet doen namens" in refused.content.decode()


def test_the_records_table_is_one_include_for_the_owner_and_her_representative(
    bewind, dave, fenna, dave_records
):
    """Both pages show the same table (vault/_records_table.html), each linking to its own
    record page; the "Van" column speaks to the owner ("uzelf"), so only she has it."""
    income, health = dave_records
    page = acting(fenna, dave).get(reverse("representation:acting-records"))
    html = page.content.decode()
    assert "vault/_records_table.html" in [t.name for t in page.templates]
    assert reverse("representation:acting-record", args=[income.id]) in html
    assert reverse("portal:record", args=[income.id]) not in html
    assert "uzelf" not in html and "Alles wat u mag zien" in html

    own = Client()
    own.force_login(dave)
    page = own.get(reverse("portal:records"))
    html = page.content.decode()
    assert "vault/_records_table.html" in [t.name for t in page.templates]
    for record in (income, health):
        assert reverse("portal:record", args=[record.id]) in html
    assert "uzelf" in html and "2 gegevens" in html
    empty = acting(fenna, dave).get(reverse("representation:acting-records") + "?categorie=debts")
    assert "Er staan geen gegevens die u mag zien." in empty.content.decode()
