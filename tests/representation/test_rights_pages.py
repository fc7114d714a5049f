"""Messages, export and erasure while acting for someone (docs/representation.md): the inbox
with the log, export for whoever may see everything, erasure never by a representative."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import InboxEntry
from representation.constants import Scope
from representation.models import RepresentativeAct
from representation.services import machtiging_create
from vault.constants import Category
from vault.models import Vault
from vault.services import record_create

pytestmark = pytest.mark.django_db
PAGES = ("acting-inbox", "acting-data-rights", "acting-export")


def acting(user, subject) -> Client:
    client = Client()
    client.force_login(user)
    client.post(reverse("representation:act-for"), {"subject": subject.pk})
    return client


def test_alice_reads_sems_messages_and_downloads_everything(family, sem):
    record_create(resident=sem, category=Category.YOUTH, title="Plan", content={})
    client = acting(family, sem)
    menu = client.get(reverse("representation:acting-records")).content.decode()
    for name in ("acting-inbox", "acting-data-rights"):
        assert reverse(f"representation:{name}") in menu
    assert client.get(reverse("representation:acting-inbox")).status_code == 200
    rights = client.get(reverse("representation:acting-data-rights")).content.decode()
    assert "Wissen kan niet namens iemand" in rights
    download = client.get(reverse("representation:acting-export"))
    assert download.status_code == 200
    assert json.loads(download.content)["records"][0]["versions"][0]["title"] == "Plan"
    whats = set(RepresentativeAct.objects.filter(subject=sem).values_list("what", flat=True))
    assert {"inbox", "export"} <= whats


def test_the_download_names_her_in_the_log_where_her_own_says_uw(family, sem, sems_log):
    """The summaries of Sem's log in alice's download are about Sem, not about alice."""
    download = json.loads(acting(family, sem).get(reverse("representation:acting-export")).content)
    own = Client()
    own.force_login(sem)

    acting_words = [e["summary"] for e in download["access_log"]["entries"]]
    own_words = [
        e["summary"] for e in own.get("/api/v1/me/export/").json()["access_log"]["entries"]
    ]

    when = "op 14 januari 2027 om 10:00"
    assert f"heeft {when} de gegevens van Sem over Inkomen bekeken" in acting_words[0]
    assert f"probeerde Sem {when} op te zoeken" in acting_words[3]
    assert not any(word in ("u", "uw") for text in acting_words for word in text.split())
    assert f"heeft {when} uw gegevens over Inkomen bekeken" in own_words[0]
    assert f"probeerde u {when} op te zoeken" in own_words[3]


def test_reading_her_messages_leaves_them_unread(family, noor):
    client = acting(family, noor)
    client.get(reverse("representation:acting-records"))  # an act: Noor (13) is told
    assert client.get(reverse("representation:acting-inbox")).status_code == 200
    assert not InboxEntry.objects.filter(resident=noor, read_at__isnull=False).exists()


def test_fenna_has_no_messages_export_or_erasure_for_dave(bewind, dave, fenna):
    client = acting(fenna, dave)
    menu = client.get(reverse("representation:acting-records")).content.decode()
    for name in PAGES:
        assert reverse(f"representation:{name}") not in menu
        refused = client.get(reverse(f"representation:{name}"))
        assert refused.status_code == 403, name
        assert "Dit kunt u niet doen namens" in refused.content.decode()
    assert not RepresentativeAct.objects.filter(what__in=["inbox", "export"]).exists()
    assert Vault.objects.filter(resident=dave).exists()


def test_a_machtiging_over_everything_still_does_not_export(clock, dave, alice):
    machtiging_create(
        resident=dave,
        holder=alice,
        scopes=list(Scope.values),
        categories=list(Category.values),
        valid_until=timezone.now() + timedelta(days=5),
    )
    client = acting(alice, dave)
    assert client.get(reverse("representation:acting-inbox")).status_code == 200
    assert client.get(reverse("representation:acting-export")).status_code == 403
