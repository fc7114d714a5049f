"""After login a resident lands on the overview, in her own language; staff keep theirs."""

import pytest
from django.test import Client

from accounts.services import resident_profile_update

pytestmark = pytest.mark.django_db


def _login(username: str, password: str, next_url: str = "") -> tuple[Client, list[str]]:
    client = Client()
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    response = client.post("/inloggen/", data, follow=True)
    assert response.status_code == 200
    return client, [url for url, _ in response.redirect_chain]


def test_a_resident_lands_on_the_overview(alice):
    _, chain = _login("alice", "alice-demo-pass")

    assert chain[-1] == "/overzicht/"


def test_a_next_page_wins(alice):
    _, chain = _login("alice", "alice-demo-pass", next_url="/toestemmingen/")

    assert chain == ["/toestemmingen/"]


@pytest.mark.parametrize(
    ("who", "password", "home"),
    [
        ("bob", "bob-demo-pass", "/medewerker/"),
        ("carol", "carol-demo-pass", "/raad/statistieken/"),
        ("root", "root-demo-pass", "/admin/"),
    ],
)
def test_staff_keep_their_own_landing_page(request, who, password, home):
    request.getfixturevalue(who)

    _, chain = _login(who, password)

    assert chain[-1].startswith(home)


def test_the_portal_switches_to_her_stored_language_at_login(alice):
    resident_profile_update(resident=alice, language="en")

    client, _ = _login("alice", "alice-demo-pass")

    assert client.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/overzicht/").content.decode()


def test_without_a_stored_language_the_portal_keeps_the_browsers(alice):
    client = Client()
    client.cookies["django_language"] = "en"
    client.post("/inloggen/", {"username": "alice", "password": "alice-demo-pass"})

    assert client.cookies["django_language"].value == "en"
