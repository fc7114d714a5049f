"""The settings page's choices as channels, the weekly digest they pick, and the resident's
language in her digest."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from notifications.constants import Channel, DigestChoice, EmailChoice, Kind
from notifications.exceptions import InvalidNotification
from notifications.models import DigestPreference
from notifications.selectors import digest_channel_get, email_choices_get, preferences_get
from notifications.services import (
    digests_send,
    notification_settings_update,
    resident_settings_update,
)
from tests.notifications.conftest import record_event
from vault.services import vault_erase

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = datetime(2026, 3, 9, 7, 0, tzinfo=AMS)


def test_choices_become_channels_and_read_back_the_same(alice):
    email = {
        Kind.ACCESS: EmailChoice.OFF,
        Kind.REFUSED_ACCESS: EmailChoice.DIGEST,
        Kind.ACCESS_REQUEST: EmailChoice.NOW,
    }

    notification_settings_update(resident=alice, email=email, digest=DigestChoice.WEEKLY)

    channels = preferences_get(resident=alice)
    assert channels[Kind.ACCESS] == Channel.INBOX
    assert channels[Kind.REFUSED_ACCESS] == Channel.WEEKLY
    assert channels[Kind.ACCESS_REQUEST] == Channel.EMAIL
    assert {kind: email_choices_get(resident=alice)[kind] for kind in email} == email
    assert digest_channel_get(resident=alice) == Channel.WEEKLY


@pytest.mark.parametrize(
    ("email", "digest"),
    [
        ({Kind.ACCESS: "sms"}, DigestChoice.DAILY),
        ({Kind.ACCESS: EmailChoice.NOW}, Channel.EMAIL),
        ({"gossip": EmailChoice.NOW}, DigestChoice.DAILY),
    ],
)
def test_unknown_choices_change_nothing(alice, email, digest):
    before = preferences_get(resident=alice)

    with pytest.raises(InvalidNotification):
        notification_settings_update(resident=alice, email=email, digest=digest)

    assert preferences_get(resident=alice) == before
    assert not DigestPreference.objects.exists()


def test_a_bad_language_saves_nothing_of_the_settings(alice):
    with pytest.raises(ValidationError):
        resident_settings_update(
            resident=alice,
            language="de",
            email={Kind.ACCESS: EmailChoice.OFF},
            digest=DigestChoice.WEEKLY,
        )

    assert not DigestPreference.objects.exists()
    assert preferences_get(resident=alice)[Kind.ACCESS] == Channel.DAILY


def test_the_weekly_digest_comes_in_her_language_with_links_to_the_inbox(
    alice_with_email, bob, settings
):
    settings.PORTAL_BASE_URL = "https://datameent.example.nl"
    resident_settings_update(
        resident=alice_with_email,
        language="en",
        email=dict.fromkeys(Kind.values, EmailChoice.DIGEST),
        digest=DigestChoice.WEEKLY,
    )
    with time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=AMS), tick=False):
        record_event(resident=alice_with_email, actor=bob)

    assert digests_send(channel=Channel.WEEKLY, now=MONDAY) == 1

    (message,) = mail.outbox
    assert message.subject == "Datameent: your messages of the past week"
    assert "bob viewed your data" in message.body and "Beste inwoner" not in message.body
    inbox = "Read your messages in Datameent: https://datameent.example.nl/berichten/"
    assert inbox in message.body
    assert "https://datameent.example.nl/instellingen/" in message.body


def test_erasure_forgets_the_digest_choice(alice, dave):
    for resident in (alice, dave):
        notification_settings_update(resident=resident, email={}, digest=DigestChoice.WEEKLY)

    vault_erase(resident=alice)

    assert list(DigestPreference.objects.values_list("resident_id", flat=True)) == [dave.id]
