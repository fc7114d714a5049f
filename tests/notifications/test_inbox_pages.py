"""The inbox at /berichten/: read and unread, open to read, mark by a form, one link on."""

import uuid

import pytest
from django.test import Client

from notifications.constants import Kind
from notifications.models import InboxEntry
from notifications.services import inbox_entry_mark_read
from tests.notifications.conftest import record_event
from tests.overview.conftest import client_for

pytestmark = pytest.mark.django_db
INBOX = "/berichten/"


LOG_ENTRY = uuid.uuid4()


@pytest.fixture
def entry(alice, bob, wmo_department) -> InboxEntry:
    record_event(resident=alice, actor=bob, department=wmo_department, access_log_id=str(LOG_ENTRY))
    return alice.inbox_entries.get()


def test_without_messages_it_says_so(alice):
    body = client_for(alice).get(INBOX).content.decode()

    assert "U heeft nog geen berichten." in body
    assert "Alles als gelezen markeren" not in body


def test_an_unread_message_is_marked_unread_in_words_and_counted(alice, entry):
    body = client_for(alice).get(INBOX).content.decode()

    assert "Ongelezen" in body and "U heeft 1 ongelezen bericht." in body
    assert f'href="/berichten/{entry.id}/"' in body
    assert f'action="/berichten/{entry.id}/gelezen/"' in body


def test_a_read_message_is_shown_as_read(alice, entry):
    inbox_entry_mark_read(resident=alice, entry_id=entry.id)

    body = client_for(alice).get(INBOX).content.decode()

    assert ">Gelezen<" in body and "U heeft alle berichten gelezen." in body
    assert f'action="/berichten/{entry.id}/ongelezen/"' in body


def test_opening_a_message_reads_it_and_links_to_its_log_entry(alice, entry):
    response = client_for(alice).get(f"/berichten/{entry.id}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "bob heeft uw gegevens bekeken" in body and "Team Wmo" in body
    assert f'href="/wie-keek-er/{LOG_ENTRY}/"' in body
    entry.refresh_from_db()
    assert entry.read_at is not None


@pytest.mark.parametrize(
    ("kind", "extra", "link"),
    [
        (Kind.REFUSED_ACCESS, {}, "/wie-keek-er/?date_from="),
        # An id that names no entry: that day of the log, never an error.
        (Kind.ACCESS, {"access_log_id": "a1"}, "/wie-keek-er/?date_from="),
        (Kind.ACCESS_REQUEST, {"request_id": "r-1"}, 'href="/verzoeken/#rr-1"'),
        (Kind.GRANT_EXPIRING, {"grant_id": "g-1"}, 'href="/toestemmingen/#gg-1"'),
        (Kind.GRANT_EXPIRED, {"grant_id": "g-2"}, 'href="/toestemmingen/#gg-2"'),
    ],
)
def test_each_kind_links_to_the_page_it_is_about(alice, bob, wmo_department, kind, extra, link):
    record_event(resident=alice, actor=bob, department=wmo_department, kind=kind, **extra)

    body = client_for(alice).get(f"/berichten/{alice.inbox_entries.get().id}/").content.decode()

    assert link in body


def test_a_new_browser_message_links_to_the_logins(
    alice, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inloggen/", {"username": "alice", "password": "alice-demo-pass"})
    entry = alice.inbox_entries.get(kind=Kind.NEW_BROWSER)

    body = client.get(f"/berichten/{entry.id}/").content.decode()

    assert 'href="/wanneer-logde-u-in/"' in body


def test_mark_unread_and_read_again_by_a_form(alice, entry):
    client = client_for(alice)
    client.get(f"/berichten/{entry.id}/")

    response = client.post(f"/berichten/{entry.id}/ongelezen/", {"pagina": "2"})

    assert response.status_code == 302 and response["Location"] == "/berichten/?pagina=2"
    entry.refresh_from_db()
    assert entry.read_at is None
    client.post(f"/berichten/{entry.id}/gelezen/")
    entry.refresh_from_db()
    assert entry.read_at is not None


def test_mark_all_read(alice, bob, wmo_department):
    for _ in range(3):
        record_event(resident=alice, actor=bob, department=wmo_department)

    response = client_for(alice).post("/berichten/alles-gelezen/")

    assert response.status_code == 302
    assert not alice.inbox_entries.filter(read_at__isnull=True).exists()


def test_a_form_sent_after_the_session_ended_lands_on_the_inbox(alice, entry):
    response = client_for(alice).get(f"/berichten/{entry.id}/gelezen/")

    assert response.status_code == 302 and response["Location"] == INBOX
    entry.refresh_from_db()
    assert entry.read_at is None


def test_a_bad_page_number_in_the_form_is_ignored(alice, entry):
    response = client_for(alice).post(f"/berichten/{entry.id}/gelezen/", {"pagina": "//evil"})

    assert response["Location"] == INBOX


def test_another_residents_message_is_not_found(alice, dave, entry):
    client = client_for(dave)

    assert client.get(f"/berichten/{entry.id}/").status_code == 404
    assert client.post(f"/berichten/{entry.id}/ongelezen/").status_code == 404
    assert client.get(f"/berichten/{uuid.uuid4()}/").status_code == 404
    assert client.get("/berichten/not-a-uuid/").status_code == 404
    entry.refresh_from_db()
    assert entry.read_at is None


@pytest.mark.parametrize("who", ["bob", "carol", "root"])
def test_staff_have_no_inbox(request, who, entry):
    client = client_for(request.getfixturevalue(who))

    assert client.get(INBOX).status_code == 404
    assert client.get(f"/berichten/{entry.id}/").status_code == 404
    assert client.post("/berichten/alles-gelezen/").status_code == 404


def test_without_login_it_asks_to_log_in():
    response = Client().get(INBOX)

    assert response.status_code == 302 and response["Location"] == "/inloggen/?next=/berichten/"


def test_the_menu_counts_unread_messages_with_an_accessible_name(alice, bob, wmo_department):
    client = client_for(alice)
    assert 'href="/berichten/">Berichten</a>' in client.get("/overzicht/").content.decode()
    for _ in range(2):
        record_event(resident=alice, actor=bob, department=wmo_department)

    body = client.get("/overzicht/").content.decode()

    assert 'aria-label="Berichten (2): 2 ongelezen berichten">Berichten (2)</a>' in body
    client.cookies["django_language"] = "en"
    english = client.get("/overzicht/").content.decode()
    assert 'aria-label="Messages (2): 2 unread messages">Messages (2)</a>' in english


def test_the_inbox_and_the_api_agree(alice, bob, wmo_department):
    for _ in range(2):
        record_event(resident=alice, actor=bob, department=wmo_department)
    client = client_for(alice)
    first = alice.inbox_entries.first()
    client.get(f"/berichten/{first.id}/")

    api = client.get("/api/v1/me/inbox/", {"unread": "true"}).json()

    assert [row["id"] for row in api["results"]] == [
        str(entry.id) for entry in alice.inbox_entries.filter(read_at__isnull=True)
    ]
    assert "U heeft 1 ongelezen bericht." in client.get(INBOX).content.decode()


def test_it_speaks_english(alice, entry):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    body = client.get(INBOX).content.decode()

    assert "You have 1 unread message." in body and "Mark as read" in body
    assert "bob viewed your data" in body


def test_the_api_marks_unread_as_the_page_does(alice, dave, entry):
    client = client_for(alice)
    client.post(f"/api/v1/me/inbox/{entry.id}/read/")

    response = client.post(f"/api/v1/me/inbox/{entry.id}/unread/")

    assert response.status_code == 200 and response.json()["read_at"] is None
    assert "U heeft 1 ongelezen bericht." in client.get(INBOX).content.decode()
    refused = client_for(dave).post(f"/api/v1/me/inbox/{entry.id}/unread/")
    assert refused.status_code == 404 and refused.json()["code"] == "inbox_entry_not_found"


def test_a_long_inbox_has_pages(alice, bob, wmo_department):
    for _ in range(26):
        record_event(resident=alice, actor=bob, department=wmo_department)
    client = client_for(alice)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX, {"pagina": "2"}).content.decode()

    assert "Pagina 1 van 2" in first and 'href="?pagina=2"' in first
    assert second.count('<li class="card">') == 1
    assert client.get(INBOX, {"pagina": "x"}).status_code == 200
