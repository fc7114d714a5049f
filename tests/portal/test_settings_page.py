"""The settings page: which messages come by e-mail, how often, and in which language."""

import re

import pytest
from django.test import Client

from accounts.services import resident_profile_update
from notifications.constants import Channel, DigestChoice, EmailChoice, Kind
from notifications.selectors import digest_channel_get, preferences_get
from notifications.services import notification_preferences_update
from tests.overview.conftest import client_for

pytestmark = pytest.mark.django_db
PAGE = "/instellingen/"


def _checked(body: str, name: str, value: str) -> bool:
    """Whether the radio button ``name`` = ``value`` is the one chosen on the page."""
    pattern = rf'<input type="radio" name="{name}" value="{value}"[^>]*>'
    found = re.search(pattern, body)
    return found is not None and found.group(0).endswith(" checked>")


def _form(language="en", digest=DigestChoice.WEEKLY, **choices) -> dict[str, str]:
    data = {"language": language, "digest": digest}
    for kind in Kind.values:
        data[f"email_{kind}"] = choices.get(kind, EmailChoice.DIGEST)
    return data


def test_a_resident_has_a_settings_page(alice):
    """The e-mail said "Kies dat in Datameent", but no such page existed (issue 10)."""
    response = client_for(alice).get(PAGE)

    assert response.status_code == 200
    assert "Instellingen" in response.content.decode()


def test_it_shows_the_current_choices(alice):
    body = client_for(alice).get(PAGE).content.decode()

    # The defaults: a request for consent and a new browser at once, the rest daily.
    assert _checked(body, "email_access_request", "now")
    assert _checked(body, "email_access", "digest")
    assert _checked(body, "digest", "daily")
    assert _checked(body, "language", "nl")
    assert "Wij hebben geen e-mailadres van u." in body


def test_it_says_where_the_email_goes(alice):
    resident_profile_update(resident=alice, email="alice@example.org")

    assert "Uw e-mail gaat naar alice@example.org." in client_for(alice).get(PAGE).content.decode()


def test_saving_stores_every_choice_and_switches_the_language(alice):
    client = client_for(alice)
    data = _form(language="en", **{Kind.ACCESS: EmailChoice.OFF, Kind.NEW_BROWSER: EmailChoice.NOW})

    response = client.post(PAGE, data)

    assert response.status_code == 302 and response["Location"] == PAGE
    alice.refresh_from_db()
    assert alice.language == "en"
    channels = preferences_get(resident=alice)
    assert channels[Kind.ACCESS] == Channel.INBOX
    assert channels[Kind.NEW_BROWSER] == Channel.EMAIL
    assert channels[Kind.GRANT_EXPIRED] == Channel.WEEKLY
    assert digest_channel_get(resident=alice) == Channel.WEEKLY
    assert client.cookies["django_language"].value == "en"
    page = client.get(PAGE).content.decode()
    assert "Your settings have been saved." in page and 'lang="en"' in page
    assert _checked(page, "digest", "weekly")


def test_the_digest_choice_stays_while_no_kind_uses_it(alice):
    client = client_for(alice)
    client.post(PAGE, _form(**dict.fromkeys(Kind.values, EmailChoice.OFF)))

    page = client.get(PAGE).content.decode()

    assert _checked(page, "digest", "weekly")


def test_a_choice_made_through_the_api_shows_on_the_page(alice):
    notification_preferences_update(
        resident=alice, channels=dict.fromkeys(Kind.values, Channel.WEEKLY)
    )

    page = client_for(alice).get(PAGE).content.decode()

    assert _checked(page, "digest", "weekly")
    assert _checked(page, "email_access", "digest")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("language", "de", "Kies een van de mogelijkheden."),
        ("language", None, "Kies de taal van Datameent."),
        ("digest", "hourly", "Kies een van de mogelijkheden."),
        ("digest", None, "Kies hoe vaak u de overzichtsmail wilt krijgen."),
        ("email_access", "sms", "Kies een van de mogelijkheden."),
        ("email_access", None, "Kies of u hierover e-mail wilt krijgen."),
    ],
)
def test_bad_input_is_refused_with_what_to_do_and_nothing_lost(alice, field, value, says):
    data = _form(language="en", digest=DigestChoice.WEEKLY, **{Kind.GRANT_EXPIRED: EmailChoice.OFF})
    if value is None:
        del data[field]
    else:
        data[field] = value
    before = preferences_get(resident=alice)

    response = client_for(alice).post(PAGE, data)

    body = response.content.decode()
    assert response.status_code == 400
    assert says in body and 'role="alert"' in body
    # Nothing saved, and what she did choose is still chosen on the page.
    assert preferences_get(resident=alice) == before
    alice.refresh_from_db()
    assert alice.language == ""
    assert _checked(body, "email_grant_expired", "off")
    if field != "digest":
        assert _checked(body, "digest", "weekly")


def test_an_empty_form_is_refused(alice):
    response = client_for(alice).post(PAGE, {})

    assert response.status_code == 400
    assert "Kies de taal van Datameent." in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "carol", "root"])
def test_staff_have_no_settings_page(request, who):
    client = client_for(request.getfixturevalue(who))

    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, _form()).status_code == 404


def test_without_login_it_asks_to_log_in():
    response = Client().get(PAGE)

    assert response.status_code == 302 and response["Location"] == "/inloggen/?next=/instellingen/"


def test_it_speaks_english(alice):
    client = client_for(alice)
    client.cookies["django_language"] = "en"

    body = client.get(PAGE).content.decode()

    assert "How often do you get the summary email?" in body and "Every week" in body
    assert "In the summary email" in body
