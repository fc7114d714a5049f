"""Representation in a real browser: alice acts for her children, Noor and alice both
approve a request, Noor turns 16, Hanna answers for Gerrit. axe-core on every page, and no
sideways scroll at 320 px on the pages representation adds."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.constants import Role
from accounts.selectors import department_get
from accounts.services import membership_start, user_create
from consent.services import access_request_create
from representation.constants import RelationKind, Scope
from representation.rules import birthday
from representation.services import (
    birth_date_set,
    machtiging_create,
    relation_confirm,
    relation_register,
)
from tests.e2e.test_journey import AccessibilityLog, log_in
from tests.factories import valid_bsn
from vault.services import record_create, resident_create

pytestmark = pytest.mark.integration
JEUGD = "jeugdhulp-gezinsplan"
WMO = "wmo-huishoudelijke-hulp"


def _years_ago(years: int, days: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.fixture
def family(cast):
    rita = user_create(username="rita", password="rita-pass", role=Role.REGISTRAR)
    ruben = user_create(username="ruben", password="ruben-pass", role=Role.REGISTRAR)
    people = {
        name: resident_create(
            username=name, password=f"{name}-pass", bsn=valid_bsn(n), first_name=name.title()
        )
        for n, name in enumerate(["noor", "sem", "gerrit", "hanna"], start=700)
    }
    for name, age in (("noor", 13), ("sem", 9)):
        birth_date_set(resident=people[name], born_on=_years_ago(age, 30))
        relation = relation_register(
            registrar=rita,
            subject=people[name],
            representative=cast["alice"],
            kind=RelationKind.PARENTAL_AUTHORITY,
            evidence="Gezagsregister 2026-0042",
            valid_from=timezone.now() - timedelta(days=1),
        )
        relation_confirm(registrar=ruben, relation_id=relation.pk)
    machtiging_create(
        resident=people["gerrit"],
        holder=people["hanna"],
        scopes=[Scope.CONSENT],
        categories=["identity", "household", "health"],
        valid_until=timezone.now() + timedelta(days=30),
    )
    jenny = user_create(username="jenny", password="jenny-pass", role=Role.CASEWORKER)
    membership_start(user=jenny, department=department_get(code="jeugd"))
    return {**people, "jenny": jenny, "bob": cast["bob"]}


# The elements that stick out on the right, to say what broke the reflow.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 320)
  .map(e => e.tagName + '.' + e.className + ':' + (e.id || e.name || '')).slice(0, 5)"""


def fits_320(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    wide = page.evaluate(WIDEST)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, (page.url, wide)
    page.set_viewport_size({"width": 1280, "height": 800})


def banner(page: Page):
    return page.get_by_role("region", name="U handelt namens iemand")


def act_for(page: Page, name: str) -> None:
    page.goto("/namens/")
    page.get_by_role("button", name=f"Regelen voor {name}").click()
    expect(page.get_by_text(f"U regelt dit voor {name}.")).to_be_visible()


def test_alice_gives_consent_for_sem(family, new_page):
    a11y = AccessibilityLog()
    alice = new_page("alice")
    log_in(alice, "alice", "alice-demo-pass")
    alice.goto("/namens/")
    a11y.check(alice, "Ik regel dit voor")
    fits_320(alice)
    act_for(alice, "Sem")
    a11y.check(alice, "Toestemmingen van Sem")
    fits_320(alice)
    alice.get_by_role("link", name="Jeugdhulp").first.click()
    a11y.check(alice, "Toestemming geven namens Sem")
    fits_320(alice)
    alice.get_by_label("Jeugd en gezin").check()
    alice.get_by_role("button", name="Toestemming geven").click()
    expect(alice.get_by_text("U heeft toestemming gegeven namens Sem.")).to_be_visible()
    banner(alice).get_by_role("link", name="Logboek").click()
    a11y.check(alice, "Logboek van Sem")
    expect(
        alice.get_by_role("cell", name="Alice namens Sem (Ouder met gezag)").first
    ).to_be_visible()
    assert a11y.problems == []


@pytest.fixture
def requests(family):
    """Made before the browser starts: the ORM refuses to run inside Playwright's loop."""
    access_request_create(
        caseworker=family["jenny"],
        purpose_code=JEUGD,
        categories=["youth"],
        reason="Gezinsplan met het wijkteam",
        bsn=valid_bsn(700),
    )
    access_request_create(
        caseworker=family["bob"],
        purpose_code=WMO,
        categories=["household", "health"],
        reason="Hulp in huis na ziekenhuisopname",
        bsn=valid_bsn(702),
    )


def test_noor_and_alice_both_approve_then_noor_turns_16(family, requests, new_page):
    a11y = AccessibilityLog()
    noor, alice = new_page("noor"), new_page("alice")
    log_in(noor, "noor", "noor-pass")
    noor.goto("/verzoeken/")
    noor.get_by_role("button", name="Goedkeuren").click()
    noor.goto("/wie-mag-namens-mij/")
    a11y.check(noor, "Wie mag namens mij?")
    fits_320(noor)
    expect(noor.get_by_text("Gezagsregister 2026-0042")).to_be_visible()

    log_in(alice, "alice", "alice-demo-pass")
    act_for(alice, "Noor")
    banner(alice).get_by_role("link", name="Verzoeken").click()
    a11y.check(alice, "Verzoeken voor Noor")
    fits_320(alice)
    expect(alice.get_by_text("Het verzoek wacht nog op het tweede akkoord.")).to_be_visible()
    alice.get_by_role("button", name="Goedkeuren").click()
    expect(alice.get_by_text("U heeft het verzoek goedgekeurd.")).to_be_visible()
    expect(alice.get_by_text("Goedgekeurd").first).to_be_visible()

    born_on = _years_ago(13, 30)
    with time_machine.travel(birthday(born_on, 16) + timedelta(seconds=1), tick=True):
        log_in(alice, "alice", "alice-demo-pass")  # three years on, her session has lapsed
        alice.goto("/namens/")
        expect(alice.get_by_role("button", name="Regelen voor Noor")).to_have_count(0)
        expect(alice.get_by_role("button", name="Regelen voor Sem")).to_be_visible()
        assert alice.goto("/namens/toestemmingen/").status == 404
    assert a11y.problems == []


def test_hanna_answers_for_gerrit_and_he_sees_it(family, requests, new_page):
    a11y = AccessibilityLog()
    hanna, gerrit = new_page("hanna"), new_page("gerrit")
    log_in(hanna, "hanna", "hanna-pass")
    act_for(hanna, "Gerrit")
    banner(hanna).get_by_role("link", name="Verzoeken").click()
    hanna.get_by_role("button", name="Goedkeuren").click()
    expect(hanna.get_by_text("U heeft het verzoek goedgekeurd.")).to_be_visible()

    log_in(gerrit, "gerrit", "gerrit-pass")
    gerrit.goto("/toestemmingen/geschiedenis/")
    expect(gerrit.get_by_text("Hanna namens Gerrit").first).to_be_visible()
    gerrit.goto("/wie-mag-namens-mij/")
    a11y.check(gerrit, "Wie mag namens mij? (Gerrit)")
    # Ending the machtiging: one click on this page.
    gerrit.get_by_role("button", name="Machtiging nu stoppen").click()
    expect(gerrit.get_by_text("De machtiging is gestopt. Dit werkt meteen.")).to_be_visible()
    gerrit.goto("/wie-mag-namens-mij/machtigen/")
    a11y.check(gerrit, "Iemand machtigen")
    fits_320(gerrit)
    assert a11y.problems == []


def test_the_registrar_page_is_accessible(family, new_page):
    a11y = AccessibilityLog()
    rita = new_page("rita")
    log_in(rita, "rita", "rita-pass")
    rita.goto("/vertegenwoordiging/")
    a11y.check(rita, "Vertegenwoordigingen")
    fits_320(rita)
    assert a11y.problems == []


@pytest.fixture
def fenna(cast, dave):
    """Fenna is dave's bewindvoerder; dave has an income record and a health record."""
    rita = user_create(username="rita", password="rita-pass", role=Role.REGISTRAR)
    ruben = user_create(username="ruben", password="ruben-pass", role=Role.REGISTRAR)
    fenna = resident_create(
        username="fenna", password="fenna-pass", bsn=valid_bsn(710), first_name="Fenna"
    )
    relation = relation_register(
        registrar=rita,
        subject=dave,
        representative=fenna,
        kind=RelationKind.BEWIND,
        evidence="C/08/301234 / FA RK 25-1234",
        valid_from=timezone.now() - timedelta(days=1),
    )
    relation_confirm(registrar=ruben, relation_id=relation.pk)
    income = record_create(resident=dave, category="income", title="Loonstrook maart", content={})
    health = record_create(
        resident=dave, category="health", title="Verklaring van de huisarts", content={}
    )
    return {"income": income, "health": health}


def test_fenna_sees_daves_income_but_not_his_care(fenna, new_page):
    a11y = AccessibilityLog()
    page = new_page("fenna")
    log_in(page, "fenna", "fenna-pass")
    act_for(page, "dave")
    banner(page).get_by_role("link", name="Gegevens").click()
    a11y.check(page, "Gegevens van dave")
    fits_320(page)
    expect(page.get_by_role("link", name="Loonstrook maart")).to_be_visible()
    expect(page.get_by_text("Verklaring van de huisarts")).to_have_count(0)
    expect(banner(page).get_by_role("link", name="Logboek")).to_have_count(0)
    page.get_by_role("link", name="Loonstrook maart").click()
    a11y.check(page, "Een gegeven van dave")
    fits_320(page)
    # His care record, even by its address: as if it did not exist.
    assert page.goto(f"/namens/gegevens/{fenna['health'].id}/").status == 404
    # A page a bewindvoerder may not use explains why.
    assert page.goto("/namens/logboek/").status == 403
    a11y.check(page, "Niet namens dave")
    expect(page.get_by_role("heading", name="Dit kunt u niet doen namens dave")).to_be_visible()
    assert a11y.problems == []
