"""The portal pages of representation, opened as each role and in each state."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consent.models import Grant
from consent.services import access_request_create
from representation.constants import ACTING_SESSION_KEY, RelationKind, RelationState, Scope
from representation.models import Relation, RepresentativeAct
from representation.services import machtiging_create
from tests.conftest import DAVE_BSN
from tests.factories import valid_bsn

pytestmark = pytest.mark.django_db
WMO = "wmo-huishoudelijke-hulp"
JEUGD = "jeugdhulp-gezinsplan"


@pytest.fixture(autouse=True)
def _register(clock, purposes):
    """The purpose register, seeded on the frozen clock."""


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def acting(user, subject) -> Client:
    client = client_for(user)
    response = client.post(reverse("representation:act-for"), {"subject": subject.pk})
    assert response.status_code == 302
    return client


def test_alice_picks_a_child_and_every_page_names_her(family, noor):
    client = client_for(family)
    page = client.get(reverse("representation:act-for"))
    assert "Noor" in page.content.decode() and "Sem" in page.content.decode()
    client.post(reverse("representation:act-for"), {"subject": noor.pk})
    assert client.session[ACTING_SESSION_KEY] == noor.pk
    for name in ("acting-consents", "acting-requests", "acting-log"):
        page = client.get(reverse(f"representation:{name}"))
        assert page.status_code == 200, name
        assert "U regelt dit voor Noor." in page.content.decode()
    # The banner is on her other pages too.
    assert "U regelt dit voor Noor." in client.get(reverse("portal:records")).content.decode()


def test_alice_gives_consent_for_sem_through_the_portal(family, sem):
    client = acting(family, sem)
    url = reverse("representation:acting-grant-new", args=[JEUGD])
    assert client.get(url).status_code == 200
    response = client.post(url, {"categories": ["youth"], "days": 30})
    assert response.status_code == 302
    grant = Grant.objects.get(resident=sem)
    assert (grant.given_by, grant.capacity, grant.awaiting) == (family, "parental_authority", "")
    assert "namens Sem" in client.get(reverse("representation:acting-log")).content.decode()


def test_a_stranger_cannot_pick_someone(family, noor, stranger):
    client = client_for(stranger)
    client.post(reverse("representation:act-for"), {"subject": noor.pk})
    assert ACTING_SESSION_KEY not in client.session
    assert client.get(reverse("representation:acting-consents")).status_code == 404


def test_a_bewindvoerder_never_sees_or_grants_health_in_the_portal(bewind, dave, fenna):
    client = acting(fenna, dave)
    url = reverse("representation:acting-grant-new", args=[WMO])
    form = client.get(url).content.decode()
    assert 'value="identity"' in form and 'value="health"' not in form
    client.post(url, {"categories": ["identity", "health"], "days": 30})
    assert not Grant.objects.filter(resident=dave).exists()
    # Looking at dave's log is not among what a bewindvoerder does: a page that says why.
    refused = client.get(reverse("representation:acting-log"))
    assert refused.status_code == 403
    assert "Dit kunt u niet doen namens" in refused.content.decode()


def test_noor_objects_and_alice_can_no_longer_act_for_her(family, noor):
    client = client_for(noor)
    page = client.get(reverse("representation:who-may")).content.decode()
    assert "Alice" in page and "ECLI:NL:RBGEL:2026:1234" in page
    relation = Relation.objects.get(subject=noor)
    client.post(reverse("representation:object", args=[relation.pk]), {"objection": "Nee"})
    relation.refresh_from_db()
    assert relation.state == RelationState.ON_HOLD
    parent = client_for(family)
    parent.post(reverse("representation:act-for"), {"subject": noor.pk})
    assert parent.get(reverse("representation:acting-consents")).status_code == 404


def test_dave_makes_a_machtiging_and_ends_it_in_one_click(clock, dave, alice):
    client = client_for(dave)
    assert client.get(reverse("representation:machtiging-new")).status_code == 200
    until = (timezone.now() + timedelta(days=30)).date().isoformat()
    response = client.post(
        reverse("representation:machtiging-new"),
        {
            "bsn": "111222333",
            "scopes": [Scope.CONSENT],
            "categories": ["income"],
            "valid_until": until,
        },
    )
    assert response.status_code == 302, response.content
    relation = Relation.objects.get(subject=dave, kind=RelationKind.MACHTIGING)
    page = client.get(reverse("representation:who-may")).content.decode()
    assert "Machtiging nu stoppen" in page
    # The one click: the button on this page.
    client.post(reverse("representation:end", args=[relation.pk]))
    relation.refresh_from_db()
    assert relation.state == RelationState.ENDED


def test_a_machtiging_holder_sees_only_what_it_allows(clock, dave, alice):
    machtiging_create(
        resident=dave,
        holder=alice,
        scopes=[Scope.CONSENT],
        categories=["identity"],
        valid_until=timezone.now() + timedelta(days=5),
    )
    client = acting(alice, dave)
    page = client.get(reverse("representation:acting-consents")).content.decode()
    assert reverse("representation:acting-log") not in page  # not in the menu
    assert client.get(reverse("representation:acting-log")).status_code == 403
    form = client.get(reverse("representation:acting-grant-new", args=[WMO])).content.decode()
    assert 'value="health"' not in form
    assert not RepresentativeAct.objects.filter(action="log").exists()


def test_registrars_register_and_another_confirms(clock, registrar, registrar2, dave, fenna):
    first = client_for(registrar)
    assert first.get(reverse("representation:registrar")).status_code == 200
    response = first.post(
        reverse("representation:registrar"),
        {
            "subject_bsn": DAVE_BSN,
            "representative_bsn": valid_bsn(903),
            "kind": RelationKind.BEWIND,
            "evidence": "C/05/1 FA RK 26-1",
            "valid_from": "2027-01-01",
        },
    )
    assert response.status_code == 302
    relation = Relation.objects.get(subject=dave)
    assert "C/05/1" not in first.get(reverse("representation:registrar")).content.decode()
    first.post(reverse("representation:confirm", args=[relation.pk]))
    relation.refresh_from_db()
    assert relation.state == RelationState.PENDING
    second = client_for(registrar2)
    assert "C/05/1" in second.get(reverse("representation:registrar")).content.decode()
    second.post(reverse("representation:confirm", args=[relation.pk]))
    relation.refresh_from_db()
    assert relation.state == RelationState.ACTIVE


def test_pages_are_for_their_role_only(clock, registrar, alice, bob):
    assert client_for(alice).get(reverse("representation:registrar")).status_code == 404
    assert client_for(bob).get(reverse("representation:registrar")).status_code == 404
    assert client_for(registrar).get(reverse("representation:who-may")).status_code == 404
    assert client_for(alice).get(reverse("representation:who-may")).status_code == 200


def test_a_bewindvoerder_does_not_learn_of_a_request_for_health_data(bewind, dave, fenna, bob):
    health = access_request_create(
        caseworker=bob, bsn=DAVE_BSN, purpose_code=WMO, categories=["health"], reason="Gesprek"
    )
    identity = access_request_create(
        caseworker=bob, bsn=DAVE_BSN, purpose_code=WMO, categories=["identity"], reason="Gesprek"
    )
    page = acting(fenna, dave).get(reverse("representation:acting-requests"))
    assert page.status_code == 200
    html = page.content.decode()
    assert str(identity.id) in html and str(health.id) not in html


def test_the_acts_list_says_in_words_what_was_done(family, sem):
    """The "what" of each act in words, in the page's language: no codes such as
    ``record_edit`` or ``(log)``, and a grant names its purpose."""
    from consent.models import PurposeVersion
    from representation.records import record_update_for_representative
    from vault.constants import Category
    from vault.services import record_create

    record = record_create(resident=sem, category=Category.YOUTH, title="Plan", content={})
    client = acting(family, sem)
    client.post(
        reverse("representation:acting-grant-new", args=[JEUGD]),
        {"categories": ["youth"], "days": 30},
    )
    assert client.get(reverse("representation:acting-record", args=[record.id])).status_code == 200
    record_update_for_representative(actor=family, subject=sem, record_id=record.id, title="Plan 2")
    page = client.get(reverse("representation:acting-log")).content.decode()
    purpose = PurposeVersion.objects.get(purpose__code=JEUGD).name
    for words in (
        "Het logboek bekijken",
        "Een gegeven bekijken (Jeugd en gezin)",
        "Een gegeven wijzigen (Jeugd en gezin)",
        f"Toestemming geven of een verzoek goedkeuren: {purpose}",
    ):
        assert words in page, words
    for code in ("record_edit", "(log)", f"({JEUGD})", "(record)"):
        assert code not in page, code

    client.cookies["django_language"] = "en"
    page = client.get(reverse("representation:acting-log")).content.decode()
    for words in ("View the log", "View a record (Children and family)", "Change a record"):
        assert words in page, words
