"""The portal speaks English once a resident picks it, and Dutch until then."""

import pytest
from django.test import Client
from django.utils import translation

RECORDS = "/mijn-gegevens/"
DATA_RIGHTS = "/downloaden-of-wissen/"

DUTCH = ["Mijn gegevens", "Downloaden of wissen", "Wis mijn kluis voorgoed", "Uitloggen"]
ENGLISH = ["My data", "Download or erase", "Erase my vault for good", "Log out"]


@pytest.fixture(autouse=True)
def _back_to_dutch():
    # LocaleMiddleware activates the language on this thread; later tests expect Dutch.
    yield
    translation.deactivate()


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


def _english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": RECORDS})
    assert response.status_code == 302


def _pages(client: Client) -> str:
    pages = [client.get(RECORDS), client.get(DATA_RIGHTS)]
    assert [page.status_code for page in pages] == [200, 200]
    return "".join(page.content.decode() for page in pages)


def test_it_shows_the_pages_in_english_after_switching(alice_client):
    _english(alice_client)

    html = _pages(alice_client)

    assert '<html lang="en">' in html
    for text in ENGLISH + ["Download my data", "There is nothing in your vault yet."]:
        assert text in html
    for text in DUTCH:
        assert text not in html


def test_it_shows_the_pages_in_dutch_without_switching(alice_client):
    html = _pages(alice_client)

    assert '<html lang="nl">' in html
    for text in DUTCH:
        assert text in html
    for text in ENGLISH:
        assert text not in html


def test_it_explains_a_wrong_erase_confirmation_in_english(alice_client):
    _english(alice_client)

    response = alice_client.post(DATA_RIGHTS + "wissen/", {"confirm": "nee"})

    assert response.status_code == 400
    assert "Type exactly WISSEN." in response.content.decode()


def test_it_counts_records_in_english(alice_client):
    alice_client.post(RECORDS + "nieuw/housing/", {"title": "Huurcontract"})
    _english(alice_client)

    html = alice_client.get(RECORDS).content.decode()

    assert "1 item" in html and "<td>Housing</td>" in html and "<td>you</td>" in html


def test_it_labels_the_erase_confirmation_in_english(alice_client):
    _english(alice_client)

    html = alice_client.get(DATA_RIGHTS).content.decode()

    assert "Type WISSEN to confirm" in html
