from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from notifications.constants import Kind
from notifications.messages import message_render
from notifications.models import InboxEntry
from tests.notifications.conftest import record_event

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 14, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def entry(alice, bob, wmo_department) -> InboxEntry:
    record_event(resident=alice, actor=bob, department=wmo_department, at=AT)
    return InboxEntry.objects.get()


def _render(entry: InboxEntry, language: str):
    with translation.override(language):
        return message_render(kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at)


def test_it_says_who_when_why_and_purpose_in_dutch(entry):
    message = _render(entry, "nl")

    assert message.title == "bob heeft uw gegevens bekeken"
    assert dict(message.lines) == {
        "Wie": "bob (Team Wmo, Gemeente Meenthuizen)",
        "Wanneer": "2 maart 2026 14:30",
        "Waarom": "Aanvraag Wmo 2026-0142",
        "Doel": "Hulp bij het huishouden",
        "Welke gegevens": "Huishouden, Gezondheid en zorgbehoefte",
    }
    assert "toestemming altijd intrekken" in message.advice


def test_it_says_the_same_in_english(entry):
    message = _render(entry, "en")

    assert message.title == "bob viewed your data"
    assert dict(message.lines) == {
        "Who": "bob (Team Wmo, Gemeente Meenthuizen)",
        "When": "2 March 2026 14:30",
        "Why": "Aanvraag Wmo 2026-0142",
        "Purpose": "Help with the household",
        "Which data": "Household, Health and care needs",
    }


@pytest.mark.parametrize(
    "kind",
    [
        kind
        for kind in Kind
        if kind not in (Kind.NEW_BROWSER, Kind.OBJECTION, Kind.REPRESENTED_REQUEST)
    ],
)
def test_it_has_a_dutch_and_an_english_text_for_every_kind(alice, bob, kind):
    record_event(resident=alice, actor=bob, kind=kind)
    entry = InboxEntry.objects.get()

    dutch, english = _render(entry, "nl"), _render(entry, "en")

    assert dutch.title != english.title and dutch.advice != english.advice
    assert dict(dutch.lines)["Wie"] == "bob" and dict(english.lines)["Who"] == "bob"


def test_a_request_for_someone_she_acts_for_names_nobody_in_her_language(alice):
    context = {"request_id": "x", "actor_id": 1, "reason": "Melding school"}
    entry = InboxEntry(kind=Kind.REPRESENTED_REQUEST, context=context, occurred_at=timezone.now())

    dutch, english = _render(entry, "nl"), _render(entry, "en")

    assert dutch.title != english.title and dutch.advice != english.advice
    assert set(dict(dutch.lines)) == {"Wanneer"} and set(dict(english.lines)) == {"When"}


def test_a_step_of_her_objection_says_where_it_stands_in_her_language(alice):
    context = {"objection_id": "x", "status_nl": "Ontvangen", "status_en": "Received"}
    entry = InboxEntry(kind=Kind.OBJECTION, context=context, occurred_at=timezone.now())

    dutch, english = _render(entry, "nl"), _render(entry, "en")

    assert dutch.title != english.title and dutch.advice != english.advice
    assert dict(dutch.lines)["Stand"] == "Ontvangen"
    assert dict(english.lines)["Status"] == "Received"


def test_a_new_browser_names_no_one_but_the_browser_and_network(alice):
    context = {"browser": "Firefox", "system": "Windows", "network": "203.0.113.0/24"}
    entry = InboxEntry(kind=Kind.NEW_BROWSER, context=context, occurred_at=timezone.now())

    dutch, english = _render(entry, "nl"), _render(entry, "en")

    assert dutch.title != english.title and dutch.advice != english.advice
    assert [label for label, _ in dutch.lines] == ["Wanneer", "Browser", "Netwerk (ongeveer)"]
    assert dict(english.lines)["Browser"] == "Firefox on Windows"
    assert dict(english.lines)["Network (roughly)"] == "203.0.113.0/24"


def test_it_names_the_municipality_when_no_person_is_known(alice, wmo_department):
    record_event(
        resident=alice,
        actor=type("Nobody", (), {"pk": None})(),
        department=wmo_department,
        kind=Kind.GRANT_EXPIRING,
        expires_at="2026-04-01T00:00:00+02:00",
    )
    message = _render(InboxEntry.objects.get(), "nl")

    assert message.title == "Uw toestemming voor Team Wmo stopt binnenkort"
    assert ("Tot wanneer", "1 april 2026 00:00") in message.lines
