"""A page per entry of "Wie keek er?" (issue 10): the card with who, team, when, what, why and
outcome, and 'Dit klopt niet'. Reached from each card in the log, and from the message, the
overview item and the e-mail about that entry. Someone else's entry answers 404; someone
acting for the resident sees it only where her log is allowed to them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.services import user_create
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from notifications.constants import Channel, Kind
from notifications.models import InboxEntry
from notifications.services import notification_preferences_update
from representation.constants import ACTING_SESSION_KEY, RelationKind, Scope
from representation.models import RepresentativeAct
from representation.services import (
    birth_date_set,
    machtiging_create,
    relation_confirm,
    relation_register,
)
from tests.factories import valid_bsn
from tests.notifications.conftest import record_event
from vault.services import resident_create

pytestmark = pytest.mark.django_db


def _refused(resident, bob, department):
    return access_log_append(
        resident=resident,
        caseworker=bob,
        department=department,
        purpose_code="bijzondere-bijstand",
        purpose_version=1,
        purpose_name="Bijzondere bijstand",
        outcome=Outcome.REFUSED,
        reason=Reason.NO_GRANT,
        categories_requested=["income"],
        stated_reason="Zaak 2026-0042",
    )


def _client(user, **session) -> Client:
    client = Client()
    client.force_login(user)
    if session:
        stored = client.session
        stored.update(session)
        stored.save()
    return client


def _url(entry) -> str:
    return reverse("gateway-portal:access-log-entry", kwargs={"entry_id": entry.id})


@pytest.fixture
def entry(alice, bob, wmo_department):
    return _refused(alice, bob, wmo_department)


def test_alice_reads_one_entry_as_a_card_with_dit_klopt_niet(alice, entry):
    page = _client(alice).get(_url(entry))

    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Wie", "Team", "Wanneer", "Wat", "Waarom", "Uitkomst"):
        assert f"<dt>{label}</dt>" in html
    assert "Team Wmo" in html and "Zaak 2026-0042" in html
    assert "Geen toestemming gegeven" in html or "Geweigerd" in html
    assert reverse("objections:create", args=[entry.id]) in html
    assert "bijzondere-bijstand" not in html  # no codes for residents


def test_the_page_speaks_english(alice, entry):
    client = _client(alice)
    client.cookies["django_language"] = "en"

    html = client.get(_url(entry)).content.decode()

    assert 'lang="en"' in html
    assert "<dt>Who</dt>" in html and "This is not right" in html


def test_each_card_in_the_log_links_to_its_page(alice, entry, bob, wmo_department):
    other = _refused(alice, bob, wmo_department)

    html = _client(alice).get(reverse("gateway-portal:access-log")).content.decode()

    assert _url(entry) in html and _url(other) in html


def test_another_residents_entry_is_not_found(alice, dave, entry):
    assert _client(dave).get(_url(entry)).status_code == 404


def test_a_caseworker_and_a_stranger_get_no_entry_page(alice, bob, entry):
    assert _client(bob).get(_url(entry)).status_code == 404
    assert Client().get(_url(entry)).status_code == 302  # to the login


def test_the_message_and_the_overview_item_link_to_the_entry(alice, bob, wmo_department, entry):
    record_event(
        resident=alice,
        actor=bob,
        department=wmo_department,
        kind=Kind.REFUSED_ACCESS,
        source_id=str(entry.id),
        access_log_id=str(entry.id),
        refusal=Reason.NO_GRANT,
    )
    client = _client(alice)
    message = InboxEntry.objects.get(resident=alice)

    message_page = client.get(reverse("notifications-portal:entry", args=[message.id]))
    overview = client.get(reverse("overview:overview"))

    assert _url(entry) in message_page.content.decode()
    assert _url(entry) in overview.content.decode()


def test_the_email_about_an_entry_links_to_its_page(
    alice_with_email, bob, wmo_department, settings
):
    settings.PORTAL_BASE_URL = "https://gemeente.example.nl/datameent/"
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.REFUSED_ACCESS: Channel.EMAIL}
    )
    entry = _refused(alice_with_email, bob, wmo_department)
    record_event(
        resident=alice_with_email,
        actor=bob,
        department=wmo_department,
        kind=Kind.REFUSED_ACCESS,
        source_id=str(entry.id),
        access_log_id=str(entry.id),
        refusal=Reason.NO_GRANT,
    )

    (message,) = mail.outbox
    link = f"https://gemeente.example.nl/datameent/wie-keek-er/{entry.id}/"
    assert link in message.body
    assert link in message.alternatives[0][0]


# -- someone acting for the resident: exactly where her log is allowed to them --------------


@pytest.fixture
def parents(db):
    """carla has parental authority over Noor (13); Hanna has a machtiging from Gerrit for
    consent only, not for his log; Fenna is Bram's bewindvoerder (money, not his log)."""
    rita = user_create(username="rita", password="rita-pass", role=Role.REGISTRAR)
    ruben = user_create(username="ruben", password="ruben-pass", role=Role.REGISTRAR)
    people = {
        name: resident_create(
            username=name, password=None, bsn=valid_bsn(n), first_name=name.title()
        )
        for n, name in enumerate(["carla", "noor", "gerrit", "hanna", "fenna", "bram"], start=750)
    }
    bewind = relation_register(
        registrar=rita,
        subject=people["bram"],
        representative=people["fenna"],
        kind=RelationKind.BEWIND,
        evidence="C/08/301234 / FA RK 25-1234",
        valid_from=timezone.now() - timedelta(days=1),
    )
    relation_confirm(registrar=ruben, relation_id=bewind.pk)
    today = timezone.localdate()
    birth_date_set(resident=people["noor"], born_on=today.replace(year=today.year - 13))
    relation = relation_register(
        registrar=rita,
        subject=people["noor"],
        representative=people["carla"],
        kind=RelationKind.PARENTAL_AUTHORITY,
        evidence="Gezagsregister 2026-0042",
        valid_from=timezone.now() - timedelta(days=1),
    )
    relation_confirm(registrar=ruben, relation_id=relation.pk)
    machtiging_create(
        resident=people["gerrit"],
        holder=people["hanna"],
        scopes=[Scope.CONSENT],
        categories=["identity"],
        valid_until=timezone.now() + timedelta(days=30),
    )
    return people


def _acting_url(entry) -> str:
    return reverse("representation:acting-log-entry", kwargs={"entry_id": entry.id})


def test_a_parent_acting_for_her_child_sees_the_entry_where_she_sees_the_log(
    parents, bob, wmo_department
):
    carla, noor = parents["carla"], parents["noor"]
    entry = _refused(noor, bob, wmo_department)
    client = _client(carla, **{ACTING_SESSION_KEY: noor.pk})

    log = client.get(reverse("representation:acting-log"))
    page = client.get(_acting_url(entry))

    assert log.status_code == 200 and _acting_url(entry) in log.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert "Team Wmo" in html and "Wie keek er bij Noor?" in html
    assert reverse("objections:create", args=[entry.id]) not in html  # Noor's own to make
    # Looking is an act in Noor's log, as looking at the list is.
    assert RepresentativeAct.objects.filter(actor=carla, subject=noor).count() == 2
    # Not through the resident's own page: that is carla's own log.
    assert client.get(_url(entry)).status_code == 404


def test_nobody_sees_an_entry_where_the_log_is_not_allowed_to_them(
    parents, alice, bob, wmo_department
):
    carla, noor, gerrit, hanna = (parents[n] for n in ("carla", "noor", "gerrit", "hanna"))
    noors = _refused(noor, bob, wmo_department)
    gerrits = _refused(gerrit, bob, wmo_department)
    alices = _refused(alice, bob, wmo_department)

    # Not acting for anyone: no subject.
    assert _client(carla).get(_acting_url(noors)).status_code == 404
    # Acting for Noor, but the entry is someone else's.
    acting = _client(carla, **{ACTING_SESSION_KEY: noor.pk})
    assert acting.get(_acting_url(alices)).status_code == 404
    # A machtiging without the log: neither the log nor its entries; a page says why.
    hannas = _client(hanna, **{ACTING_SESSION_KEY: gerrit.pk})
    assert hannas.get(reverse("representation:acting-log")).status_code == 403
    assert hannas.get(_acting_url(gerrits)).status_code == 403
    # A bewindvoerder: not the log, and the menu does not offer it either.
    fennas = _client(parents["fenna"], **{ACTING_SESSION_KEY: parents["bram"].pk})
    brams = _refused(parents["bram"], bob, wmo_department)
    assert fennas.get(reverse("representation:acting-log")).status_code == 403
    assert fennas.get(_acting_url(brams)).status_code == 403
    records = fennas.get(reverse("portal:records")).content.decode()
    assert "U regelt dit voor Bram." in records
    assert reverse("representation:acting-log") not in records
    # A session naming someone she cannot act for.
    assert (
        _client(hanna, **{ACTING_SESSION_KEY: noor.pk}).get(_acting_url(noors)).status_code == 404
    )


def test_the_acting_log_says_so_when_nobody_looked(parents):
    client = _client(parents["carla"], **{ACTING_SESSION_KEY: parents["noor"].pk})

    html = client.get(reverse("representation:acting-log")).content.decode()

    assert "Niemand heeft de gegevens van deze persoon bekeken of dat geprobeerd." in html
    assert '<ol class="log">' not in html


def test_the_entry_says_whose_data_it_is_when_a_representative_reads_it(
    parents, bob, wmo_department
):
    """Carla reads Noor's entry: the card says Noor's data, not "Uw gegevens" (carla's own)."""
    carla, noor = parents["carla"], parents["noor"]
    entry = _refused(noor, bob, wmo_department)
    client = _client(carla, **{ACTING_SESSION_KEY: noor.pk})

    for url in (_acting_url(entry), reverse("representation:acting-log")):
        html = client.get(url).content.decode()
        assert "De gegevens van Noor over Inkomen bekijken" in html, url
        assert "Uw gegevens" not in html, url

    client.cookies["django_language"] = "en"
    html = client.get(_acting_url(entry)).content.decode()
    assert "View Noor&#x27;s data about Income" in html
