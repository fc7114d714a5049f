"""Mail content: Dutch first with English below, a link to the portal, never the data."""

import pytest
from django.core import mail

from notifications.constants import Channel, EmailChoice, Kind
from notifications.models import InboxEntry
from notifications.services import notification_preferences_update, resident_settings_update
from tests.notifications.conftest import record_event
from vault.constants import Category
from vault.services import record_create

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Schuldsanering-ZX81"
SECRET_CONTENT = "Openstaand-4711-euro"


@pytest.fixture
def mailed(alice_with_email, bob, wmo_department, settings):
    settings.PORTAL_BASE_URL = "https://datameent.example.nl"
    record_create(
        resident=alice_with_email,
        category=Category.DEBTS,
        title=SECRET_TITLE,
        content={"bedrag": SECRET_CONTENT},
    )
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    record_event(resident=alice_with_email, actor=bob, department=wmo_department)
    (message,) = mail.outbox
    return message


def test_it_mails_dutch_first_and_english_below(mailed):
    body = mailed.body

    assert body.index("Beste inwoner,") < body.index("In English") < body.index("Dear resident,")
    assert "bob heeft uw gegevens bekeken" in body and "bob viewed your data" in body
    assert mailed.subject == "Datameent: bob heeft uw gegevens bekeken / bob viewed your data"


def test_it_says_who_when_and_purpose_and_where_to_read_why(mailed):
    # The caseworker's own words stay in the portal (issue 16, item 8).
    why = "Waarom: Log in op Datameent om te zien wie het was en waarom."
    for expected in ("Wie: bob (Team Wmo", "Wanneer: ", why, "Doel: Hulp bij"):
        assert expected in mailed.body
    why = "Why: Log in to Datameent to see who it was and why."
    for expected in ("Who: bob", "When: ", why, "Purpose: Help with"):
        assert expected in mailed.body
    assert "Aanvraag Wmo" not in mailed.body


def test_it_links_to_the_portal_in_text_and_html(mailed):
    (html, content_type) = mailed.alternatives[0]

    assert content_type == "text/html"
    assert "https://datameent.example.nl" in mailed.body
    assert 'href="https://datameent.example.nl/berichten/' in html
    assert '<section lang="nl"' in html and '<section lang="en"' in html


def test_it_never_contains_the_data_itself(mailed):
    html = mailed.alternatives[0][0]

    for secret in (SECRET_TITLE, SECRET_CONTENT):
        assert secret not in mailed.subject and secret not in mailed.body and secret not in html


def test_it_escapes_names_in_html_but_not_in_text(alice_with_email, bob, wmo_department):
    bob.first_name, bob.last_name = "Bob <b>", "& Co"
    bob.save()
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    record_event(resident=alice_with_email, actor=bob, department=wmo_department)

    (message,) = mail.outbox
    assert "Bob <b> & Co heeft uw gegevens bekeken" in message.body
    assert "Bob &lt;b&gt; &amp; Co" in message.alternatives[0][0]


# -- issue 10: one configured base URL, the settings page, the resident's language ----------


def test_it_links_to_the_message_and_the_settings_page_under_the_configured_base_url(mailed):
    """The link used to be the bare base URL and said "Kies dat in Datameent" with no page
    to choose on (issue 10)."""
    entry = InboxEntry.objects.get()
    html = mailed.alternatives[0][0]

    for text in (mailed.body, html):
        assert f"https://datameent.example.nl/berichten/{entry.id}/" in text
        assert "https://datameent.example.nl/instellingen/" in text
        assert "127.0.0.1" not in text and ":8000" not in text


def test_a_base_url_with_a_trailing_slash_gives_no_double_slash(
    alice_with_email, bob, wmo_department, settings
):
    settings.PORTAL_BASE_URL = "https://gemeente.example.nl/datameent/"
    notification_preferences_update(
        resident=alice_with_email, channels={Kind.ACCESS: Channel.EMAIL}
    )
    record_event(resident=alice_with_email, actor=bob, department=wmo_department)

    body = mail.outbox[0].body
    assert "https://gemeente.example.nl/datameent/instellingen/" in body
    assert "//instellingen" not in body and "datameent//" not in body


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("en", "Dear resident,", "Beste inwoner,"),
        ("nl", "Beste inwoner,", "Dear resident,"),
    ],
)
def test_it_mails_in_the_residents_stored_language_only(
    alice_with_email, bob, wmo_department, settings, language, present, absent
):
    settings.PORTAL_BASE_URL = "https://datameent.example.nl"
    resident_settings_update(
        resident=alice_with_email,
        language=language,
        email=dict.fromkeys(Kind.values, EmailChoice.NOW),
        digest=Channel.DAILY,
    )
    record_event(resident=alice_with_email, actor=bob, department=wmo_department)

    (message,) = mail.outbox
    assert present in message.body and absent not in message.body
    assert "In English" not in message.body
    assert f'<section lang="{language}"' in message.alternatives[0][0]
    assert "https://datameent.example.nl/instellingen/" in message.body
