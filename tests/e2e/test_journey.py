"""The portal's core journey in a real browser, driven as people do: by visible Dutch labels.

alice gives Team Wmo consent, bob reads, alice sees who looked, alice revokes, bob is
refused, alice sees the refused attempt. Accessibility is checked on every page on the way
(on alice's pages moderate problems count too, and no page of hers scrolls sideways), and
alice's clicks are counted (tests/e2e/journeys.py).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import ALICE_BSN
from tests.e2e.journeys import Journey

pytestmark = pytest.mark.integration

WMO = "Wmo maatwerkvoorziening: hulp bij het huishouden"
REASON = "Keukentafelgesprek over hulp bij het huishouden"
GRANTED = ["Huishouden", "Gezondheid en zorgbehoefte"]
# Titles of alice's records (tests/e2e/conftest.py): the first two are covered by her consent.
COVERED, NOT_COVERED = ["Zorgbehoefte", "Samenstelling huishouden"], "WW-uitkering"
BLOCKING_IMPACTS = {"serious", "critical"}


class AccessibilityLog:
    """Runs axe-core on each page it is shown; collects serious and critical violations."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.problems: list[str] = []

    def check(self, page: Page, what: str) -> None:
        for violation in self.axe.run(page).response["violations"]:
            if violation["impact"] in BLOCKING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{what}: {violation['id']} ({violation['impact']}) {targets}")


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def go_to(page: Page, menu_item: str) -> None:
    folded = page.locator("details.site-menu:not([open]) > summary")
    if folded.is_visible():  # a phone-sized screen: open the menu first
        folded.click()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=menu_item).click()


def purpose_card(page: Page):
    return page.get_by_role("region", name=WMO)


def access_log_entry(page: Page, *words: str):
    entries = page.locator("ol.log > li")
    for word in words:
        entries = entries.filter(has_text=word)
    return entries


def bob_reads(page: Page, read_url: str):
    """bob asks for everything alice's Wmo consent covers; returns the response to his POST."""
    page.goto(read_url)
    page.get_by_label("Doel").select_option(label=WMO)
    page.get_by_label("Waarom bekijkt u dit?").fill(REASON)
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Bekijken").click()
    return posted.value


def test_it_lets_alice_control_and_see_what_bob_reads(cast, new_page):
    a11y = AccessibilityLog()
    alice, bob = new_page("alice"), new_page("bob")
    journey = Journey(alice)

    # Keyboard: the first Tab reaches the skip link, and it moves focus to the main content.
    alice.goto("/inloggen/")
    alice.keyboard.press("Tab")
    expect(alice.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    alice.keyboard.press("Enter")
    expect(alice.get_by_role("main")).to_be_focused()
    journey.check("inloggen")

    # 1. alice logs in on her overview, sees her records, and gives Team Wmo consent for two
    # categories.
    with journey.clicks("login to overview", 1):
        journey.log_in("alice", "alice-demo-pass")
    expect(alice).to_have_url(re.compile(r"/overzicht/$"))
    journey.check("overzicht")
    with journey.clicks("her records", 1):
        journey.go_to("Mijn gegevens")
    expect(alice.get_by_role("heading", name="Mijn gegevens", level=1)).to_be_visible()
    for title in [*COVERED, NOT_COVERED]:
        expect(alice.get_by_role("link", name=title)).to_be_visible()
    journey.check("mijn-gegevens")

    # The menu, "Toestemming geven", the purpose, two categories and the button.
    with journey.clicks("give consent", 6):
        journey.go_to("Toestemmingen")
        expect(alice.get_by_text("U heeft nog niemand toestemming gegeven.")).to_be_visible()
        journey.click(alice.get_by_role("link", name="Toestemming geven"))
        journey.check("toestemmingen/doelen")
        journey.click(purpose_card(alice).get_by_role("link", name="Toestemming geven"))
        expect(alice.get_by_role("heading", level=1)).to_contain_text(WMO)
        for category in GRANTED:
            journey.click(alice.get_by_label(category))
        journey.check("toestemmingen/geven")
        journey.click(alice.get_by_role("button", name="Toestemming geven"))
    expect(alice.get_by_role("status")).to_contain_text("U heeft toestemming gegeven.")
    expect(purpose_card(alice)).to_contain_text("Geldig")
    expect(purpose_card(alice)).to_contain_text("Voor: Team Wmo")
    journey.check("toestemmingen")

    # 2. bob finds alice by her BSN and reads what her consent covers, giving a reason.
    log_in(bob, "bob", "bob-demo-pass")
    expect(bob.get_by_role("heading", name="Mijn inwoners", level=1)).to_be_visible()
    a11y.check(bob, "medewerker")
    bob.get_by_label("BSN").fill(ALICE_BSN)
    bob.get_by_label("Doel").select_option(label=WMO)
    bob.get_by_label("Waarom bekijkt u dit?").fill("Herindicatie huishoudelijke hulp")
    bob.get_by_role("button", name="Opzoeken").click()
    expect(bob).to_have_url(re.compile(r"/medewerker/inwoner/ref_[\w-]+/$"))
    read_url = bob.url
    assert ALICE_BSN not in read_url

    allowed = bob_reads(bob, read_url)
    assert allowed.status == 200
    for title in COVERED:
        expect(bob.get_by_role("heading", name=title, level=3)).to_be_visible()
    expect(bob.get_by_role("main")).to_contain_text("Rollator")
    expect(bob.get_by_role("main")).not_to_contain_text(NOT_COVERED)
    expect(bob.get_by_role("main")).not_to_contain_text("1450")
    a11y.check(bob, "medewerker/inwoner (gegevens)")

    # 3. alice sees in "Wie keek er?" that bob read her data, for which purpose and why: one
    # click from any page.
    with journey.clicks("who looked", 1):
        journey.go_to("Wie keek er?")
    read = access_log_entry(alice, "Bob Bakker", "Toegestaan", "bekijken")
    expect(read).to_have_count(1)
    expect(read).to_contain_text("Team Wmo")
    expect(read).to_contain_text(f"{WMO}. Reden: ")
    expect(read).to_contain_text(REASON)
    expect(access_log_entry(alice, "Bob Bakker", "U opzoeken")).to_have_count(1)
    journey.check("wie-keek-er")

    # 4. alice revokes her consent: the menu and one click.
    with journey.clicks("withdraw a consent", at_most=2):
        journey.go_to("Toestemmingen")
        journey.click(purpose_card(alice).get_by_role("button", name="Intrekken"))
    expect(alice.get_by_role("status")).to_contain_text("Uw toestemming is ingetrokken.")
    expect(purpose_card(alice)).to_contain_text("Ingetrokken")
    expect(purpose_card(alice).get_by_role("button", name="Intrekken")).to_have_count(0)

    # 5. bob tries again: a clear refusal and none of alice's data.
    refused = bob_reads(bob, read_url)
    assert refused.status == 403
    expect(bob.get_by_role("alert")).to_contain_text("U kunt deze gegevens niet bekijken.")
    main = bob.get_by_role("main")
    for text in [*COVERED, NOT_COVERED, "Rollator"]:
        expect(main).not_to_contain_text(text)
    a11y.check(bob, "medewerker/inwoner (geweigerd)")

    # 6. alice sees the refused attempt, and why it was refused.
    with journey.clicks("who looked", 1):
        journey.go_to("Wie keek er?")
    attempt = access_log_entry(alice, "Bob Bakker", "Geweigerd", "bekijken")
    expect(attempt).to_have_count(1)
    expect(attempt).to_contain_text("Geweigerd: De toestemming was ingetrokken")
    expect(read).to_have_count(1)
    journey.check("wie-keek-er (geweigerd)")

    # 7. One entry on its own page: the card and "Dit klopt niet", one click from the log.
    with journey.clicks("one entry", 1):
        journey.click(attempt.get_by_role("link", name=re.compile("^Meer hierover")))
    expect(alice).to_have_url(re.compile(r"/wie-keek-er/[0-9a-f-]{36}/$"))
    expect(alice.locator(".log-entry")).to_contain_text("Geweigerd: De toestemming was ingetrokken")
    expect(alice.get_by_role("link", name="Dit klopt niet")).to_be_visible()
    journey.check("wie-keek-er (one entry)")

    assert a11y.problems + journey.problems == [], "\n".join(a11y.problems + journey.problems)
