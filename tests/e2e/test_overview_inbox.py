"""alice's overview, messages and settings in a real browser, at desktop and phone width:
each item one click from its page, no sideways scrolling, axe-core clean."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from municipal_gateway.constants import Outcome, Reason
from municipal_gateway.services import access_log_append
from tests.e2e.test_journey import go_to, log_in
from tests.notifications.conftest import record_event

pytestmark = pytest.mark.integration
# The resident's own pages: moderate problems count too (issue 10).
BLOCKING = {"moderate", "serious", "critical"}


class Checks:
    def __init__(self, page: Page) -> None:
        self.page, self.axe, self.problems = page, Axe(), []

    def __call__(self, what: str) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if not width:
            self.problems.append(f"{what}: scrolls sideways")
        for violation in self.axe.run(self.page).response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{what}: {violation['id']} ({violation['impact']}) {targets}")


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
    check = Checks(page)

    log_in(page, "alice", "alice-demo-pass")
    expect(page).to_have_url(re.compile(r"/overzicht/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    # bob's read, and the login from this new browser.
    expect(_menu_link(page, "Berichten (2): 2 ongelezen berichten")).to_be_visible()
    check("overzicht")

    # Who looked: one click from the overview, the refused attempt included.
    page.get_by_role("link", name=re.compile("mocht uw gegevens niet bekijken")).click()
    expect(page).to_have_url(re.compile(r"/wie-keek-er/\?date_from="))
    expect(page.locator("ol.log > li").filter(has_text="Geweigerd")).to_have_count(1)

    # A message: one click from the overview; opening it reads it.
    go_to(page, "Overzicht")
    page.get_by_role("link", name="Bob Bakker heeft uw gegevens bekeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bob Bakker heeft uw gegevens bekeken"
    )
    expect(_menu_link(page, "Berichten (1): 1 ongelezen bericht")).to_be_visible()
    check("bericht")

    # Marked unread again from the list, by a plain form.
    go_to(page, "Berichten (1)")
    expect(page.get_by_text("Gelezen", exact=True)).to_have_count(1)
    page.get_by_role(
        "button", name="Markeer als ongelezen: Bob Bakker heeft uw gegevens bekeken"
    ).click()
    expect(page.get_by_text("Gelezen", exact=True)).to_have_count(0)
    expect(_menu_link(page, "Berichten (2): 2 ongelezen berichten")).to_be_visible()
    check("berichten")

    # Settings: English, no mail about refusals, a weekly summary.
    go_to(page, "Instellingen")
    check("instellingen")
    page.get_by_role("group", name="Taal").get_by_label("English").check()
    refused = page.get_by_role("group", name="Iemand mocht uw gegevens niet bekijken")
    refused.get_by_label("Geen e-mail").check()
    page.get_by_role("group", name="Hoe vaak krijgt u de overzichtsmail?").get_by_label(
        "Elke week"
    ).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Your settings have been saved.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(
        page.get_by_role("group", name="Someone was not allowed to view your data").get_by_label(
            "No email"
        )
    ).to_be_checked()
    check("settings (en)")

    assert check.problems == [], "\n".join(check.problems)


def _menu_link(page: Page, name: str):
    """A link of the main menu; on a phone the menu is folded, so it is opened first."""
    folded = page.locator("details.site-menu:not([open]) > summary")
    if folded.is_visible():
        folded.click()
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name)
