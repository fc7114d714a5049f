"""The client council's statistics in a real browser: carol logs in and reads the year's
figures; a group of one resident is hidden. Accessibility is checked on the page."""

import pytest
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.services import user_create
from consent.services import grant_create
from municipal_gateway import reads, references
from tests.e2e.test_journey import AccessibilityLog, go_to, log_in

pytestmark = pytest.mark.integration

WMO_CODE = "wmo-huishoudelijke-hulp"


@pytest.fixture
def one_read(cast, wmo_department):
    """bob reads alice's Wmo data once: a group of one resident."""
    alice, bob = cast["alice"], cast["bob"]
    grant_create(resident=alice, purpose_code=WMO_CODE, categories=["health"])
    reads.records_read(
        caller=reads.Caller(caseworker=bob, stated_reason="Keukentafelgesprek"),
        reference=references.reference_get_or_create(resident=alice, department=wmo_department),
        purpose_code=WMO_CODE,
    )


@pytest.fixture
def carol(db):
    # Made before the browser starts: Playwright's event loop forbids the ORM afterwards.
    return user_create(username="carol", password="carol-demo-pass", role=Role.COUNCIL)


def test_it_shows_the_council_counts_and_hides_a_group_of_one(one_read, carol, new_page):
    a11y = AccessibilityLog()
    page = new_page("carol")

    log_in(page, "carol", "carol-demo-pass")
    expect(page.get_by_role("heading", name="Statistieken voor de cliëntenraad")).to_be_visible()
    go_to(page, "Statistieken")  # the menu leads to the same page
    per_month = page.get_by_role("table", name="Inzage per maand")
    expect(per_month).to_be_visible()
    # One resident was read: too few to show, so the month and the total are hidden.
    expect(per_month.get_by_role("row", name="Totaal")).to_contain_text("minder dan 10 inwoners")
    expect(page.get_by_role("main")).not_to_contain_text("Alice")
    a11y.check(page, "raad/statistieken")

    # The wide tables scroll on their own, and a keyboard user can reach them.
    region = page.get_by_role("region", name="Toestemmingen per doel")
    region.focus()
    expect(region).to_be_focused()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download de cijfers").click()
    assert download.value.suggested_filename.startswith("datameent-statistieken-")
    assert a11y.problems == []
