"""'Dit klopt niet' in a real browser (issue 17): alice objects to bob's read, the privacy
officer asks Team Wmo, the team lead answers, the officer rules, alice sees the outcome and
was notified at each step. Accessibility is checked on every page on the way."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.services import membership_start, user_create
from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from notifications.models import InboxEntry
from tests.e2e.test_journey import AccessibilityLog, access_log_entry, go_to, log_in

pytestmark = pytest.mark.integration


@pytest.fixture
def people(cast, wmo_department):
    petra = user_create(
        username="petra", password="petra-demo-pass", role=Role.PRIVACY_OFFICER, first_name="Petra"
    )
    erin = user_create(
        username="erin", password="erin-demo-pass", role=Role.CASEWORKER, first_name="Erin"
    )
    membership_start(user=erin, department=wmo_department)
    access_log_append(
        resident=cast["alice"],
        caseworker=cast["bob"],
        department=wmo_department,
        purpose_code="wmo-huishoudelijke-hulp",
        purpose_version=1,
        purpose_name="Wmo",
        outcome=Outcome.ALLOWED,
        reason=Reason.ALLOWED,
        categories_requested=["health"],
        categories_returned=["health"],
        stated_reason="Keukentafelgesprek",
    )
    return {**cast, "petra": petra, "erin": erin}


def _objection_messages(resident_id: int) -> list[str]:
    try:
        entries = InboxEntry.objects.filter(resident_id=resident_id, kind="objection")
        return [entry.context["status_nl"] for entry in entries.order_by("occurred_at", "id")]
    finally:
        connection.close()


def test_alice_objects_and_sees_the_outcome(people, new_page):
    a11y = AccessibilityLog()
    alice, petra, erin = new_page("alice"), new_page("petra"), new_page("erin")

    # 1. alice: "Dit klopt niet" on bob's read, two clicks from her log.
    log_in(alice, "alice", "alice-demo-pass")
    go_to(alice, "Wie keek er?")
    access_log_entry(alice, "Bob Bakker").get_by_role("link", name="Dit klopt niet").click()
    a11y.check(alice, "dit-klopt-niet (formulier)")
    alice.get_by_label("Wat klopt er niet?").fill("Ik had geen afspraak met de Wmo.")
    alice.get_by_role("button", name="Melding versturen").click()
    expect(alice.get_by_role("status")).to_contain_text("Wij hebben uw melding ontvangen.")
    expect(alice.get_by_role("main")).to_contain_text("Ontvangen")
    a11y.check(alice, "mijn meldingen")

    # 2. the privacy officer asks Team Wmo.
    log_in(petra, "petra", "petra-demo-pass")
    go_to(petra, "Meldingen en signalen")
    a11y.check(petra, "fg")
    petra.get_by_role("table").get_by_role("link").first.click()
    expect(petra.get_by_role("main")).to_contain_text("Ik had geen afspraak met de Wmo.")
    expect(petra.get_by_role("main")).to_contain_text("Keukentafelgesprek")
    a11y.check(petra, "fg/melding")
    petra.get_by_label("Vraag aan het team").fill("Waarom bekeek bob deze gegevens?")
    petra.get_by_role("button", name="Vraag Team Wmo om uitleg").click()
    expect(petra.get_by_role("heading", level=1)).to_contain_text("Het team zoekt het uit")

    # 3. bob's team lead answers.
    log_in(erin, "erin", "erin-demo-pass")
    go_to(erin, "Vragen aan mijn team")
    expect(erin.get_by_role("main")).to_contain_text("Waarom bekeek bob deze gegevens?")
    a11y.check(erin, "medewerker/vragen")
    erin.get_by_label("Antwoord van het team").fill("Herindicatie, zaak WMO-2026-0117.")
    erin.get_by_role("button", name="Antwoord versturen").click()
    expect(erin.get_by_role("status")).to_contain_text("Uw antwoord is verstuurd.")

    # 4. the privacy officer rules.
    petra.reload()
    expect(petra.get_by_role("main")).to_contain_text("Herindicatie, zaak WMO-2026-0117.")
    petra.get_by_label("Terecht bekeken").check()
    petra.get_by_role("button", name="Uitkomst vastleggen").click()
    expect(petra.get_by_role("heading", level=1)).to_contain_text("terecht")

    # 5. alice sees the outcome in plain words, and was told at each step.
    go_to(alice, "Mijn meldingen")
    expect(alice.get_by_role("main")).to_contain_text("Afgerond: het bekijken was terecht")
    expect(alice.get_by_role("main")).to_contain_text("mocht bekijken")
    a11y.check(alice, "mijn meldingen (afgerond)")
    # The browser's event loop runs in this thread: the database is read from another.
    with ThreadPoolExecutor(max_workers=1) as pool:
        statuses = pool.submit(_objection_messages, people["alice"].pk).result()
    assert statuses == [
        "Ontvangen",
        "Het team zoekt het uit",
        "Het team heeft geantwoord",
        "Afgerond: het bekijken was terecht",
    ]

    assert a11y.problems == [], "\n".join(a11y.problems)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_objection_page_reflows_at_320_pixels(people, new_page):
    pages = {
        "alice": ["/wie-keek-er/", "/dit-klopt-niet/"],
        "petra": ["/fg/"],
        "erin": ["/medewerker/vragen/"],
    }
    for name, urls in pages.items():
        page = new_page(name)
        page.set_viewport_size({"width": 320, "height": 800})
        log_in(page, name, f"{name}-demo-pass")
        if name == "alice":
            page.goto("/wie-keek-er/")
            page.get_by_role("link", name="Dit klopt niet").first.click()
            assert _no_sideways_scroll(page), page.url
            page.get_by_role("button", name="Melding versturen").click()
        for url in urls:
            page.goto(url)
            assert _no_sideways_scroll(page), url
        if name == "petra":
            page.locator("table a").first.click()
            assert _no_sideways_scroll(page), page.url
