"""alice's overview, messages and settings in a real browser, at desktop and phone width:
each item one click from its page (the clicks counted), no sideways scrolling, axe-core
clean of moderate, serious and critical problems on every page visited."""

import re

import pytest
from playwright.sync_api import Page, expect

from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from tests.e2e.journeys import Journey
from tests.notifications.conftest import record_event

pytestmark = pytest.mark.integration


@pytest.fixture
def alice_with_news(cast, wmo_department):
    """bob was refused a read of alice's income, and read something else: one message."""
    alice, bob = cast["alice"], cast["bob"]
    access_log_append(
        resident=alice,
        caseworker=bob,
        department=wmo_department,
        purpose_code="bijzondere-bijstand",
        purpose_version=1,
        purpose_name="Bijzondere bijstand",
        outcome=Outcome.REFUSED,
        reason=Reason.NO_GRANT,
        categories_requested=["income"],
        categories_returned=[],
        record_ids=[],
        stated_reason="Zaak 2026-0042",
    )
    record_event(resident=alice, actor=bob, department=wmo_department)
    return alice


@pytest.mark.parametrize("width", [1280, 375])
def test_alice_reads_her_overview_messages_and_settings(alice_with_news, new_page, width):
    page = new_page("alice")
    page.set_viewport_size({"width": width, "height": 800})
    journey = Journey(page)
    menu = 2 if width < 768 else 1  # on a phone the menu is opened first: one click more

    with journey.clicks("login to overview", 1):
        journey.log_in("alice", "alice-demo-pass")
    expect(page).to_have_url(re.compile(r"/overzicht/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    # bob's read, and the login from this new browser.
    expect(_menu_link(page, "Berichten (2): 2 ongelezen berichten")).to_have_count(1)
    journey.check("overzicht")

    # Who looked: one click from the overview, the refused attempt included, on its own page.
    with journey.clicks("who looked", 1):
        journey.click(page.get_by_role("link", name=re.compile("mocht uw gegevens niet bekijken")))
    expect(page).to_have_url(re.compile(r"/wie-keek-er/[0-9a-f-]{36}/$"))
    expect(page.locator(".log-entry")).to_contain_text("Geweigerd")
    expect(page.get_by_role("link", name="Dit klopt niet")).to_have_count(1)
    journey.check("wie-keek-er (one entry)")

    # A message: one click from the overview; opening it reads it.
    with journey.clicks("back to the overview", menu):
        journey.go_to("Overzicht")
    with journey.clicks("read a message", 1):
        journey.click(page.get_by_role("link", name="Bob Bakker heeft uw gegevens bekeken"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bob Bakker heeft uw gegevens bekeken"
    )
    expect(_menu_link(page, "Berichten (1): 1 ongelezen bericht")).to_have_count(1)
    journey.check("bericht")

    # Marked unread again from the list, by a plain form.
    with journey.clicks("mark a message unread", menu + 1):
        journey.go_to("Berichten (1)")
        expect(page.get_by_text("Gelezen", exact=True)).to_have_count(1)
        journey.check("berichten")
        journey.click(
            page.get_by_role(
                "button", name="Markeer als ongelezen: Bob Bakker heeft uw gegevens bekeken"
            )
        )
    expect(page.get_by_text("Gelezen", exact=True)).to_have_count(0)
    expect(_menu_link(page, "Berichten (2): 2 ongelezen berichten")).to_have_count(1)
    journey.check("berichten (ongelezen)")

    # Settings: English, no mail about refusals, a weekly summary: three choices and save.
    with journey.clicks("change the settings", menu + 4):
        journey.go_to("Instellingen")
        journey.check("instellingen")
        journey.click(page.get_by_role("group", name="Taal").get_by_label("English"))
        refused = page.get_by_role("group", name="Iemand mocht uw gegevens niet bekijken")
        journey.click(refused.get_by_label("Geen e-mail"))
        journey.click(
            page.get_by_role("group", name="Hoe vaak krijgt u de overzichtsmail?").get_by_label(
                "Elke week"
            )
        )
        journey.click(page.get_by_role("button", name="Opslaan"))
    expect(page.get_by_role("status")).to_contain_text("Your settings have been saved.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("group", name="Someone was not allowed to view your data").get_by_label(
            "No email"
        )
    ).to_be_checked()
    journey.check("settings (en)")

    journey.assert_clean()


def _menu_link(page: Page, name: str):
    """A link of the main menu, folded away on a phone or not: reading it is no click."""
    menu = page.get_by_role("navigation", name="Hoofdmenu", include_hidden=True)
    return menu.get_by_role("link", name=name, include_hidden=True)
