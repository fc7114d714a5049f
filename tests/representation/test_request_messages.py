"""Whoever must answer a request for someone they act for hears of it in their own inbox,
with a link to the request in "Ik regel dit voor", and without personal data (issue 11)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import department_get
from accounts.services import membership_start, user_create
from consent.services import access_request_create
from notifications.constants import Kind
from notifications.links import source_link
from notifications.messages import message_render
from notifications.models import InboxEntry, OutboxMessage
from notifications.services import outbox_message_deliver
from representation.constants import ACTING_SESSION_KEY, Scope
from representation.services import machtiging_create
from tests.conftest import DAVE_BSN
from tests.factories import valid_bsn
from vault.constants import Category

pytestmark = pytest.mark.django_db
JEUGD = "jeugdhulp-gezinsplan"
REASON = "Gezinsplan na melding school"


@pytest.fixture(autouse=True)
def _register(clock, purposes):
    """The purpose register, seeded on the frozen clock."""


@pytest.fixture
def jenny(purposes):
    user = user_create(username="jenny", password="jenny-demo-pass", role=Role.CASEWORKER)
    membership_start(user=user, department=department_get(code="jeugd"))
    return user


def _ask(caseworker, bsn, code=JEUGD, categories=(Category.YOUTH,)):
    request = access_request_create(
        caseworker=caseworker,
        purpose_code=code,
        categories=list(categories),
        reason=REASON,
        bsn=bsn,
    )
    outbox_message_deliver(outbox_id=OutboxMessage.objects.get(source_id=str(request.id)).id)
    for message in OutboxMessage.objects.filter(kind=Kind.REPRESENTED_REQUEST):
        outbox_message_deliver(outbox_id=message.id)
    return request


def test_alice_and_noor_both_hear_of_a_request_for_noor(family, noor, jenny, settings):
    type(family).objects.filter(pk=family.pk).update(email="alice@example.nl")
    request = _ask(jenny, valid_bsn(901))
    assert InboxEntry.objects.get(resident=noor).kind == Kind.ACCESS_REQUEST
    entry = InboxEntry.objects.get(resident=family)
    assert entry.kind == Kind.REPRESENTED_REQUEST
    message = message_render(kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at)
    words = " ".join([message.title, message.advice, *(v for _k, v in message.lines)])
    assert "Noor" not in words and REASON not in words and "Jeugd" not in words
    # E-mail at once, as her settings (the default) say; without the name or the reason.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.nl"]
    assert "Noor" not in mail.outbox[0].body and REASON not in mail.outbox[0].body
    # The link opens the request while acting for Noor.
    client = Client()
    client.force_login(family)
    response = client.get(source_link(entry).url)
    assert response.status_code == 302 and response.url.endswith(f"#r{request.id}")
    assert client.session[ACTING_SESSION_KEY] == noor.pk
    assert REASON in client.get(response.url).content.decode()


def test_a_request_outside_the_relation_tells_no_representative(bewind, dave, fenna, bob):
    _ask(bob, DAVE_BSN, code="wmo-huishoudelijke-hulp", categories=[Category.HEALTH])
    assert not InboxEntry.objects.filter(resident=fenna).exists()


def test_a_machtiging_holder_hears_only_within_its_categories_and_time(clock, dave, alice, bob):
    machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.CONSENT],
        categories=[Category.HOUSEHOLD],
        valid_until=timezone.now() + timedelta(days=5),
    )
    _ask(bob, DAVE_BSN, code="wmo-huishoudelijke-hulp", categories=[Category.HOUSEHOLD])
    assert InboxEntry.objects.filter(resident=alice, kind=Kind.REPRESENTED_REQUEST).count() == 1
    clock.shift(timedelta(days=6))
    _ask(bob, DAVE_BSN, code="wmo-huishoudelijke-hulp", categories=[Category.HOUSEHOLD])
    assert InboxEntry.objects.filter(resident=alice, kind=Kind.REPRESENTED_REQUEST).count() == 1


def test_the_link_for_someone_she_does_not_act_for_explains(family, jenny, dave):
    request = _ask(jenny, DAVE_BSN)
    client = Client()
    client.force_login(family)
    response = client.get(reverse("representation:acting-request", args=[request.id]))
    assert response.status_code == 404
    assert "Dit verzoek kunt u niet openen" in response.content.decode()
