"""alice adds and edits a structured record in a real browser, at 1280 and 375 px: the
forms need no JavaScript, no field is lost, the record reads in words, axe finds nothing
moderate, serious or critical, no page scrolls sideways, and the clicks are counted."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys import Journey

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("width", [1280, 375])
def test_alice_adds_and_edits_a_care_needs_record(cast, new_page, width):
    page = new_page("alice")
    page.set_viewport_size({"width": width, "height": 900})
    journey = Journey(page)
    menu = 2 if width < 768 else 1  # on a phone the menu is opened first
    with journey.clicks("login to overview", 1):
        journey.log_in("alice", "alice-demo-pass")
    expect(page).to_have_url(re.compile(r"/overzicht/$"))

    # Add: the menu, "Gegeven toevoegen", the type, one save sent empty on purpose, a
    # checkbox, a choice from a list, and the save.
    with journey.clicks("add a structured record", menu + 6):
        journey.go_to("Mijn gegevens")
        journey.check("mijn-gegevens")
        journey.click(page.get_by_role("link", name="Gegeven toevoegen"))
        journey.check("choose a type")
        journey.click(page.get_by_role("link", name="Zorgbehoefte"))
        journey.click(page.get_by_role("button", name="Bewaren"))
        expect(page.get_by_text("Vul een titel in")).to_be_visible()
        journey.check("form with an error")
        page.get_by_label("Titel").fill("Hulp thuis")
        journey.click(page.get_by_role("group", name="Hulpmiddelen").get_by_label("Rollator"))
        page.get_by_label("Uren huishoudelijke hulp per week").fill("2,5")
        journey.choose(page.get_by_label("Helpt een mantelzorger u?"), "Nee")
        journey.click(page.get_by_role("button", name="Bewaren"))

    content = page.locator("dl.record-content")
    expect(content).to_contain_text("Rollator")
    expect(content).to_contain_text("2,5")
    expect(content).to_contain_text("Nee")
    journey.check("record")

    # Edit one field: "Wijzigen" and the save. Every other field is still there.
    with journey.clicks("edit the record", 2):
        journey.click(page.get_by_role("link", name="Wijzigen"))
        journey.check("edit form")
        expect(
            page.get_by_role("group", name="Hulpmiddelen").get_by_label("Rollator")
        ).to_be_checked()
        page.get_by_label("Uren huishoudelijke hulp per week").fill("3")
        journey.click(page.get_by_role("button", name="Bewaren"))

    expect(content).to_contain_text("Rollator")
    expect(content).to_contain_text("Nee")
    expect(content).to_contain_text("3")
    with journey.clicks("the versions", 1):
        journey.click(page.get_by_role("link", name="Eerdere versies"))
    expect(page.locator("dl.record-content")).to_have_count(2)
    journey.check("versions")
    journey.assert_clean()
