"""Residents log in with DigiD through a broker: the real test provider plays the broker."""

import pytest
from django.contrib.auth import SESSION_KEY

from accounts.constants import Role
from accounts.models import User
from accounts.selectors import login_events_for_resident
from identity.constants import DIGID_HOOG, DIGID_MIDDEN, DIGID_SUBSTANTIEEL
from identity.selectors import LoginMethod, login_method
from notifications.selectors import inbox_list
from tests.conftest import ALICE_BSN
from vault.models import Vault
from vault.selectors import bsn_lookup_hash

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
BSN = "999993653"


def logged_in_user(browser) -> User | None:
    user_id = browser.client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_first_login_creates_one_resident_linked_by_bsn_hash_and_second_finds_it(
    oidc, browser_factory
):
    browser = browser_factory()
    response = browser.login(sub="r-1", bsn=BSN, acr=DIGID_SUBSTANTIEEL)
    assert response.status_code == 302 and response["Location"] == "/"
    resident = logged_in_user(browser)
    assert resident is not None and resident.role == Role.RESIDENT
    assert Vault.objects.get(resident=resident).bsn_hash == bsn_lookup_hash(bsn=BSN)
    assert BSN not in resident.username
    assert login_method(browser.client.session) == LoginMethod("residents", DIGID_SUBSTANTIEEL)

    again = browser_factory()
    again.login(sub="r-1", bsn=BSN, acr=DIGID_HOOG)
    assert logged_in_user(again) == resident
    assert User.objects.filter(role=Role.RESIDENT).count() == 1


def test_first_login_links_to_the_existing_vault_with_that_bsn(oidc, browser_factory, alice):
    browser = browser_factory()
    browser.login(sub="alice-at-digid", bsn=ALICE_BSN, acr=DIGID_SUBSTANTIEEL)
    assert logged_in_user(browser) == alice
    assert User.objects.filter(role=Role.RESIDENT).count() == 1


def test_below_the_assurance_level_explains_and_leaves_no_session(oidc, browser_factory):
    browser = browser_factory()
    response = browser.login(sub="r-2", bsn=BSN, acr=DIGID_MIDDEN)
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/niveau-te-laag/"
    assert logged_in_user(browser) is None
    page = browser.client.get(response["Location"])
    assert "Substantieel" in page.content.decode()
    assert browser.client.get("/mijn-gegevens/").status_code == 302
    assert not User.objects.filter(role=Role.RESIDENT).exists()


def test_an_invalid_bsn_claim_is_refused(oidc, browser_factory):
    browser = browser_factory()
    response = browser.login(sub="r-3", bsn="123456789", acr=DIGID_SUBSTANTIEEL)
    assert response["Location"] == "/inloggen/mislukt/"
    assert logged_in_user(browser) is None


def test_the_login_page_shows_digid_first(oidc, client):
    page = client.get("/inloggen/").content.decode()
    assert "Inloggen met DigiD" in page
    assert page.index("Inloggen met DigiD") < page.index("Inloggen als medewerker")
    assert page.index("Inloggen als medewerker") < page.index('name="password"')


def test_without_providers_the_login_page_is_the_password_form(client):
    page = client.get("/inloggen/").content.decode()
    assert "DigiD" not in page and 'name="password"' in page


def test_switching_the_provider_off_ends_its_sessions(oidc, browser_factory, settings):
    browser = browser_factory()
    browser.login(sub="r-4", bsn=BSN, acr=DIGID_SUBSTANTIEEL)
    assert browser.client.get("/mijn-gegevens/").status_code == 200

    settings.DATAMEENT_OIDC = {"residents": None, "staff": None}

    assert browser.client.get("/mijn-gegevens/").status_code == 302


def test_a_digid_login_shows_in_the_residents_login_history(
    oidc, browser_factory, alice, django_capture_on_commit_callbacks
):
    browser = browser_factory()
    with django_capture_on_commit_callbacks(execute=True):
        browser.login(sub="alice-at-digid", bsn=ALICE_BSN, acr=DIGID_SUBSTANTIEEL)
    # Days later, from the same browser: only its long-lived browser cookie is left.
    later = browser_factory()
    later.client.cookies["datameent_browser"] = browser.client.cookies["datameent_browser"].value
    with django_capture_on_commit_callbacks(execute=True):
        later.login(sub="alice-at-digid", bsn=ALICE_BSN, acr=DIGID_SUBSTANTIEEL)

    # Both logins are in her history; the second came from a browser already known.
    assert login_events_for_resident(resident=alice).count() == 2
    assert inbox_list(resident=alice).filter(kind="new_browser").count() == 1
