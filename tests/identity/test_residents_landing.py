"""After a DigiD login a resident lands on her overview, in the language she chose."""

import pytest

from accounts.services import resident_profile_update
from identity.constants import DIGID_SUBSTANTIEEL
from tests.conftest import ALICE_BSN

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_a_digid_login_lands_on_the_overview_in_her_language(oidc, browser_factory, alice):
    resident_profile_update(resident=alice, language="en")
    browser = browser_factory()

    response = browser.login(sub="alice-at-digid", bsn=ALICE_BSN, acr=DIGID_SUBSTANTIEEL)

    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    home = browser.client.get("/")
    assert home.status_code == 302 and home["Location"] == "/overzicht/"
    overview = browser.client.get("/overzicht/").content.decode()
    assert 'lang="en"' in overview and "Who looked last?" in overview


def test_a_digid_login_keeps_the_page_she_came_for(oidc, browser_factory, alice):
    browser = browser_factory()

    response = browser.login(
        path="/inloggen/digid/?next=/toestemmingen/",
        sub="alice-at-digid",
        bsn=ALICE_BSN,
        acr=DIGID_SUBSTANTIEEL,
    )

    assert response["Location"] == "/toestemmingen/"
    assert "django_language" not in response.cookies
