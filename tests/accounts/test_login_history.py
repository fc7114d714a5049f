"""Every login to a resident's account is recorded, shown to the resident beside "Wie keek
er?", exported and erased; a login from a new browser sends one message."""

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import KnownBrowser, LoginEvent
from notifications.messages import message_render
from notifications.models import OutboxMessage
from vault.selectors import resident_export
from vault.services import vault_erase

PAGE = "/wanneer-logde-u-in/"
FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
EDGE_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def _browser(address: str = "203.0.113.45", agent: str = FIREFOX_ON_WINDOWS) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def _log_in(client: Client, username: str, password: str) -> int:
    return client.post("/inloggen/", {"username": username, "password": password}).status_code


def _new_browser_messages(resident) -> int:
    return OutboxMessage.objects.filter(resident=resident, kind="new_browser").count()


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.45", "203.0.113.0/24"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
    ],
)
def test_it_records_a_residents_login_coarsely(alice, address, network):
    assert _log_in(_browser(address), "alice", "alice-demo-pass") == 302

    [event] = LoginEvent.objects.filter(resident=alice)
    assert (event.network, event.browser, event.system) == (network, "Firefox", "Windows")
    stored = " ".join(str(value) for value in LoginEvent.objects.values().get().values())
    assert address not in stored
    assert "Gecko" not in stored


@pytest.mark.parametrize(
    ("agent", "browser", "system"),
    [
        (SAFARI_ON_IPHONE, "Safari", "iOS"),
        (EDGE_ON_WINDOWS, "Edge", "Windows"),
        (CHROME_ON_ANDROID, "Chrome", "Android"),
        ("curl/8.5.0", "", ""),
        ("", "", ""),
    ],
)
def test_it_names_the_browser_family_and_system(alice, agent, browser, system):
    _log_in(_browser(agent=agent), "alice", "alice-demo-pass")

    event = LoginEvent.objects.get(resident=alice)
    assert (event.browser, event.system) == (browser, system)


def test_it_records_no_failed_login_and_no_staff_login(alice, bob):
    _log_in(_browser(), "alice", "wrong-password")
    _log_in(_browser(), "bob", "bob-demo-pass")

    assert LoginEvent.objects.count() == 0


def test_it_sends_one_message_per_new_browser(alice):
    laptop, phone = _browser(), _browser("198.51.100.9", SAFARI_ON_IPHONE)

    _log_in(laptop, "alice", "alice-demo-pass")
    _log_in(laptop, "alice", "alice-demo-pass")
    assert _new_browser_messages(alice) == 1

    _log_in(phone, "alice", "alice-demo-pass")
    _log_in(phone, "alice", "alice-demo-pass")
    _log_in(laptop, "alice", "alice-demo-pass")
    assert _new_browser_messages(alice) == 2
    assert LoginEvent.objects.filter(resident=alice).count() == 5
    assert LoginEvent.objects.filter(resident=alice, new_browser=True).count() == 2


def test_a_browser_known_to_one_resident_is_new_to_another(alice, dave):
    shared = _browser()
    _log_in(shared, "alice", "alice-demo-pass")
    shared.post("/uitloggen/")

    _log_in(shared, "dave", "dave-demo-pass")

    assert (_new_browser_messages(alice), _new_browser_messages(dave)) == (1, 1)


def test_it_stores_the_browser_cookie_only_hashed(alice):
    browser = _browser()
    _log_in(browser, "alice", "alice-demo-pass")

    cookie = browser.cookies["datameent_browser"]
    assert cookie["httponly"]
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    [known] = KnownBrowser.objects.filter(resident=alice)
    assert cookie.value not in known.digest
    assert len(known.digest) == 64


def test_the_message_holds_only_time_browser_and_network(alice):
    _log_in(_browser(), "alice", "alice-demo-pass")

    [outbox] = OutboxMessage.objects.filter(resident=alice, kind="new_browser")
    assert set(outbox.payload) == {"occurred_at", "browser", "system", "network"}
    with translation.override("nl"):
        message = message_render(
            kind=outbox.kind, context=outbox.payload, occurred_at=outbox.created_at
        )
    text = " ".join([message.title, message.advice, *(" ".join(line) for line in message.lines)])
    assert "nieuwe browser" in text
    assert "Firefox op Windows" in text
    assert "203.0.113.0/24" in text
    assert "203.0.113.45" not in text
    assert "Gecko" not in text
    assert "medewerker" not in text


def test_the_resident_sees_her_own_logins(alice, dave):
    _log_in(_browser(), "alice", "alice-demo-pass")
    _log_in(_browser("198.51.100.9", SAFARI_ON_IPHONE), "dave", "dave-demo-pass")
    client = _browser()
    client.force_login(alice)

    response = client.get(PAGE)

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Wanneer logde u in?" in page
    assert "Firefox op Windows" in page
    assert "203.0.113.0/24" in page
    assert "198.51.100.0/24" not in page


def test_the_page_says_so_when_there_are_no_logins(alice):
    client = Client()
    client.force_login(alice)

    assert "nog niet ingelogd" in client.get(PAGE).content.decode()


def test_the_page_speaks_english(alice):
    _log_in(_browser(), "alice", "alice-demo-pass")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)

    page = client.get(PAGE, headers={"Accept-Language": "en"}).content.decode()

    assert "When did you log in?" in page
    assert "Firefox on Windows" in page


@pytest.mark.parametrize("user", ["bob", "carol", "root"])
def test_others_get_a_404(request, alice, user):
    _log_in(_browser(), "alice", "alice-demo-pass")
    client = Client()
    client.force_login(request.getfixturevalue(user))

    assert client.get(PAGE).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(db):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_the_menu_and_who_looked_link_to_it(alice):
    client = Client()
    client.force_login(alice)

    assert f'href="{PAGE}"' in client.get("/wie-keek-er/").content.decode()
    assert f'href="{PAGE}"' in client.get("/mijn-gegevens/").content.decode()


def test_the_export_holds_the_logins(alice):
    _log_in(_browser(), "alice", "alice-demo-pass")

    [login] = resident_export(resident=alice)["logins"]

    assert set(login) == {"logged_in_at", "network", "browser", "system", "new_browser"}
    assert (login["network"], login["browser"], login["new_browser"]) == (
        "203.0.113.0/24",
        "Firefox",
        True,
    )


def test_erasure_removes_the_logins_and_known_browsers(alice, dave):
    _log_in(_browser(), "alice", "alice-demo-pass")
    _log_in(_browser(), "dave", "dave-demo-pass")

    vault_erase(resident=alice)

    assert not LoginEvent.objects.filter(resident_id=alice.pk).exists()
    assert not KnownBrowser.objects.filter(resident_id=alice.pk).exists()
    assert LoginEvent.objects.filter(resident=dave).count() == 1
