"""The overview at /overzicht/: what matters now, each item one click from its page."""

import pytest
from django.test import Client
from django.utils import timezone

from municipal_gateway.constants import Outcome, Reason
from tests.notifications.conftest import record_event
from tests.overview.conftest import client_for

pytestmark = pytest.mark.django_db
PAGE = "/overzicht/"


def _page(user) -> str:
    response = client_for(user).get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_resident_reads_each_empty_state_in_words(alice):
    body = _page(alice)

    for words in (
        "U heeft geen ongelezen berichten.",
        "Er wacht geen verzoek op uw antwoord.",
        "Geen van uw toestemmingen stopt binnen 30 dagen.",
        "Niemand heeft uw gegevens bekeken of dat geprobeerd.",
    ):
        assert words in body


def test_it_lists_unread_messages_each_linked_to_the_message(alice, bob, wmo_department):
    record_event(resident=alice, actor=bob, department=wmo_department)
    entry = alice.inbox_entries.get()

    body = _page(alice)

    assert f'href="/berichten/{entry.id}/"' in body
    assert "bob heeft uw gegevens bekeken" in body
    assert "U heeft geen ongelezen berichten." not in body


def test_a_read_message_leaves_the_overview(alice, bob, wmo_department):
    record_event(resident=alice, actor=bob, department=wmo_department)
    entry = alice.inbox_entries.get()
    client_for(alice).get(f"/berichten/{entry.id}/")

    assert "U heeft geen ongelezen berichten." in _page(alice)


def test_it_lists_an_open_request_with_its_deadline_linked_to_the_request(alice, open_request):
    body = _page(alice)

    assert f'href="/verzoeken/#r{open_request.id}"' in body
    deadline = timezone.localtime(open_request.expires_at)
    assert f"U kunt antwoorden tot {deadline.day} " in body
    # The link lands on the request's own card.
    assert f'id="r{open_request.id}"' in client_for(alice).get("/verzoeken/").content.decode()


def test_an_answered_request_is_not_listed(alice, open_request):
    client_for(alice).post(f"/verzoeken/{open_request.id}/afwijzen/", {"message": ""})

    assert "Er wacht geen verzoek op uw antwoord." in _page(alice)


def test_it_lists_a_consent_ending_soon_linked_to_the_consent(alice, grant_ending_in):
    soon = grant_ending_in(10)
    later = grant_ending_in(60)

    body = _page(alice)

    assert f'href="/toestemmingen/#g{soon.id}"' in body
    assert str(later.id) not in body
    assert f'id="g{soon.id}"' in client_for(alice).get("/toestemmingen/").content.decode()


def test_it_lists_refused_accesses_too_linked_to_the_entrys_page(alice, append_entry):
    refused = append_entry(
        alice,
        outcome=Outcome.REFUSED,
        reason=Reason.NO_GRANT,
        categories_returned=[],
        record_ids=[],
    )

    body = _page(alice)

    assert f'href="/wie-keek-er/{refused.id}/"' in body
    assert "mocht uw gegevens niet bekijken" in body
    # One click: the entry's own page shows it, refused.
    entry = client_for(alice).get(f"/wie-keek-er/{refused.id}/")
    assert "Geweigerd" in entry.content.decode()


def test_it_shows_the_latest_five_accesses(alice, append_entry):
    for n in range(7):
        append_entry(alice, stated_reason=f"Zaak {n}")

    assert _page(alice).count("bekeek uw gegevens") == 5


def test_it_speaks_english(alice, open_request):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    body = client.get(PAGE).content.decode()

    assert 'lang="en"' in body
    assert "You have no unread messages." in body
    assert "is waiting for your answer" not in body
    assert "asks for consent for" in body


@pytest.mark.parametrize("who", ["bob", "carol", "root"])
def test_staff_never_see_a_residents_overview(request, who):
    user = request.getfixturevalue(who)

    assert client_for(user).get(PAGE).status_code == 404


def test_without_login_it_asks_to_log_in():
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=/overzicht/")


def test_the_menu_has_overview_messages_and_settings(alice):
    body = _page(alice)

    assert 'href="/overzicht/" aria-current="page"' in body
    assert 'href="/berichten/"' in body and 'href="/instellingen/"' in body
