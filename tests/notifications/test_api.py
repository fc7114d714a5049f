import uuid

import pytest
from rest_framework.test import APIClient

from notifications.constants import DEFAULT_CHANNELS, Channel, Kind
from notifications.models import InboxEntry
from tests.notifications.conftest import record_event

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/me/inbox/"
PREFERENCES = "/api/v1/me/notification-preferences/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def alice_api(alice) -> APIClient:
    return _client(alice)


@pytest.fixture
def entries(alice, dave, bob, wmo_department) -> list[InboxEntry]:
    for _ in range(3):
        record_event(resident=alice, actor=bob, department=wmo_department)
    record_event(resident=dave, actor=bob)
    return list(InboxEntry.objects.filter(resident=alice))


def test_it_lists_only_the_residents_own_entries(alice_api, entries):
    body = alice_api.get(INBOX).json()

    assert body["count"] == 3
    assert {item["id"] for item in body["results"]} == {str(e.id) for e in entries}
    first = body["results"][0]
    assert first["kind"] == "access" and first["read_at"] is None
    assert first["message"]["title"] == "bob heeft uw gegevens bekeken"
    assert {"label": "Wie", "value": "bob (Team Wmo, Gemeente Meenthuizen)"} in first["message"][
        "lines"
    ]


def test_it_speaks_the_language_the_client_asks_for(alice_api, entries):
    body = alice_api.get(INBOX, HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["results"][0]["message"]["title"] == "bob viewed your data"
    assert body["results"][0]["kind_label"] == "Someone viewed your data"


def test_it_pages_the_list(alice_api, entries):
    first = alice_api.get(INBOX, {"page_size": 2}).json()
    second = alice_api.get(first["next"]).json()

    assert (len(first["results"]), len(second["results"]), second["next"]) == (2, 1, None)


def test_it_marks_one_read_and_filters_on_unread(alice_api, entries):
    target = entries[0]

    response = alice_api.post(f"{INBOX}{target.id}/read/")

    assert response.status_code == 200 and response.json()["read_at"] is not None
    unread = alice_api.get(INBOX, {"unread": "true"}).json()
    read = alice_api.get(INBOX, {"unread": "false"}).json()
    assert unread["count"] == 2 and str(target.id) not in {i["id"] for i in unread["results"]}
    assert [item["id"] for item in read["results"]] == [str(target.id)]


def test_it_marks_all_read(alice_api, entries, dave):
    response = alice_api.post(f"{INBOX}read-all/")

    assert response.json() == {"marked": 3}
    assert alice_api.get(INBOX, {"unread": "true"}).json()["count"] == 0
    assert InboxEntry.objects.filter(resident=dave, read_at__isnull=True).count() == 1


@pytest.mark.parametrize("entry_id", ["other", str(uuid.uuid4()), "not-a-uuid"])
def test_it_answers_404_for_entries_that_are_not_the_residents(alice_api, dave, bob, entry_id):
    record_event(resident=dave, actor=bob)
    if entry_id == "other":
        entry_id = str(InboxEntry.objects.get(resident=dave).id)

    response = alice_api.post(f"{INBOX}{entry_id}/read/")

    assert response.status_code == 404
    assert response.json() == {
        "code": "inbox_entry_not_found",
        "detail": "Dit bericht bestaat niet.",
    }
    assert InboxEntry.objects.get(resident=dave).read_at is None


def test_it_rejects_a_bad_filter_with_a_code(alice_api):
    response = alice_api.get(INBOX, {"unread": "misschien"})

    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_it_answers_404_with_a_code_past_the_last_page(alice_api, entries):
    response = alice_api.get(INBOX, {"page": 9})

    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.parametrize("user", ["bob", "carol", "root"])
def test_it_is_for_residents_only(request, user):
    client = _client(request.getfixturevalue(user))

    for response in (client.get(INBOX), client.get(PREFERENCES), client.post(f"{INBOX}read-all/")):
        assert response.status_code == 403
        assert response.json()["code"] == "not_a_resident"


def test_it_turns_away_anonymous_callers():
    response = _client().get(INBOX)

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_it_shows_default_preferences(alice_api):
    assert alice_api.get(PREFERENCES).json() == {k: str(v) for k, v in DEFAULT_CHANNELS.items()}


def test_it_replaces_all_preferences_with_put(alice_api):
    chosen = dict.fromkeys(Kind.values, Channel.WEEKLY.value)

    response = alice_api.put(PREFERENCES, chosen, format="json")

    assert response.status_code == 200 and response.json() == chosen
    assert alice_api.get(PREFERENCES).json() == chosen


def test_it_requires_every_kind_with_put(alice_api):
    response = alice_api.put(PREFERENCES, {Kind.ACCESS: Channel.EMAIL}, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == set(Kind.values) - {Kind.ACCESS}


def test_it_changes_some_preferences_with_patch(alice_api):
    response = alice_api.patch(PREFERENCES, {Kind.ACCESS: Channel.EMAIL}, format="json")

    assert response.json() == {**DEFAULT_CHANNELS, Kind.ACCESS: Channel.EMAIL}


@pytest.mark.parametrize(
    "body", [{Kind.ACCESS: "pigeon"}, {Kind.ACCESS: None}, {Kind.ACCESS: ["email"]}, ["email"]]
)
def test_it_rejects_unknown_channels(alice_api, body):
    response = alice_api.patch(PREFERENCES, body, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert alice_api.get(PREFERENCES).json() == DEFAULT_CHANNELS


def test_it_ignores_unknown_kinds(alice_api):
    response = alice_api.patch(PREFERENCES, {"gossip": Channel.EMAIL}, format="json")

    assert response.status_code == 200 and response.json() == DEFAULT_CHANNELS
