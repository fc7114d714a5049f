"""The client council's statistics in a real browser: carol logs in and reads the year's
figures; a group of one resident is hidden. Accessibility is checked on the page."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.services import user_create
from consent.services import grant_create
from council.models import StatisticsSnapshot
from council.selectors import year_bounds
from council.services import statistics_snapshot_update
from municipal_gateway.services import reads, references
from tests.e2e.test_journey import AccessibilityLog, log_in

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


@pytest.fixture
def published(one_read, carol):
    """The read counted as a closed year's figures: a running year shows only its ended
    months, and the read happened today. So this year's counts are stored as last year's
    (months moved along), which the page then shows in full: summary, charts and tables."""
    now = timezone.now()
    year = timezone.localtime(now).year
    # Counted as after the year (a full count), then stored as last year's.
    snapshot = statistics_snapshot_update(year=year, now=year_bounds(year)[1] + timedelta(hours=2))
    moved = json.loads(json.dumps(snapshot.counts).replace(f'"{year}-', f'"{year - 1}-'))
    snapshot.delete()
    StatisticsSnapshot.objects.create(year=year - 1, counted_at=now, counts=moved)
    return year - 1


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _charts_loaded(page) -> list[bool]:
    return page.eval_on_selector_all(
        "figure.chart img", "images => images.map(i => i.complete && i.naturalWidth > 0)"
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_it_shows_the_council_counts_and_hides_a_group_of_one(published, new_page, width):
    a11y = AccessibilityLog()
    page = new_page("carol")
    page.set_viewport_size({"width": width, "height": 900})

    log_in(page, "carol", "carol-demo-pass")
    expect(page.get_by_role("heading", name="Statistieken voor de cliëntenraad")).to_be_visible()
    page.goto(f"/raad/statistieken/?jaar={published}")
    expect(page.get_by_role("heading", name=f"{published} in het kort")).to_be_visible()
    per_purpose = page.get_by_role("table", name="Inzage per doel")
    # One resident was read: too few to show, so the figure and the total are hidden.
    expect(per_purpose.get_by_role("row", name="Totaal")).to_contain_text("verborgen")
    expect(page.get_by_role("main")).not_to_contain_text("Alice")
    expect(page.get_by_role("img", name="Grafiek: Inzage per doel")).to_be_visible()
    assert _charts_loaded(page) == [True, True, True]  # under the site's CSP
    assert _no_sideways_scroll(page)
    a11y.check(page, f"raad/statistieken {width}px")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download de cijfers").click()
    assert download.value.suggested_filename.startswith("datameent-statistieken-")
    assert a11y.problems == []


def test_it_reads_in_english_on_a_phone(published, new_page):
    a11y = AccessibilityLog()
    page = new_page("carol")
    page.set_viewport_size({"width": 375, "height": 900})
    log_in(page, "carol", "carol-demo-pass")
    # The language choice as the switcher stores it (Django's language cookie).
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])

    page.goto(f"/raad/statistieken/?jaar={published}")

    expect(page.get_by_role("heading", name=f"{published} in brief")).to_be_visible()
    expect(page.get_by_role("img", name="Chart: Access per purpose")).to_be_visible()
    assert _no_sideways_scroll(page)
    a11y.check(page, "raad/statistieken en 375px")
    assert a11y.problems == []


@pytest.mark.parametrize("width", [1280, 375])
def test_anyone_reads_the_public_page_without_a_login(published, new_page, width):
    a11y = AccessibilityLog()
    page = new_page("anyone")
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"/statistieken/?jaar={published}")

    expect(page.get_by_role("heading", name="Hoe de gemeente uw gegevens gebruikt")).to_be_visible()
    expect(page.get_by_role("link", name="Creative Commons Naamsvermelding 4.0")).to_be_visible()
    per_purpose = page.get_by_role("table", name="Inzage per doel")
    expect(per_purpose.get_by_role("row", name="Totaal")).to_contain_text("verborgen")
    assert _charts_loaded(page) == [True, True, True]
    assert _no_sideways_scroll(page)
    a11y.check(page, f"statistieken {width}px")
    assert a11y.problems == []
