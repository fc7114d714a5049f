"""Withdrawing a consent in at most 2 clicks from the overview (issue 10), at 1280 and
375 px: the consent that ends soon is an item of the overview, its card has the button."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consent.selectors import current_purposes
from consent.services import grant_create
from tests.e2e.journeys import Journey
from vault.constants import Category

pytestmark = pytest.mark.integration
WMO = "Wmo maatwerkvoorziening: hulp bij het huishouden"


@pytest.fixture
def alice_consents(cast):
    """A consent to Team Wmo that stops in 20 days: the overview shows it."""
    version = next(v for v in current_purposes() if v.department.code == "wmo" and v.name_nl == WMO)
    grant_create(
        resident=cast["alice"],
        purpose_code=version.purpose.code,
        categories=[Category.HOUSEHOLD],
        valid_until=timezone.now() + timezone.timedelta(days=20),
    )
    return cast["alice"]


@pytest.mark.parametrize("width", [1280, 375])
def test_alice_withdraws_a_consent_in_two_clicks_from_her_overview(alice_consents, new_page, width):
    page = new_page("alice")
    page.set_viewport_size({"width": width, "height": 800})
    journey = Journey(page)
    with journey.clicks("login to overview", 1):
        journey.log_in("alice", "alice-demo-pass")
    expect(page).to_have_url(re.compile(r"/overzicht/$"))
    journey.check("overzicht")

    card = page.get_by_role("region", name=WMO)
    with journey.clicks("withdraw a consent", at_most=2):
        journey.click(page.get_by_role("link", name=re.compile(f"'{re.escape(WMO)}' voor")))
        expect(card).to_contain_text("Geldig")
        journey.check("toestemmingen")
        journey.click(card.get_by_role("button", name="Intrekken"))

    expect(page.get_by_role("status")).to_contain_text("Uw toestemming is ingetrokken.")
    expect(card).to_contain_text("Ingetrokken")
    expect(card.get_by_role("button", name="Intrekken")).to_have_count(0)
    journey.check("toestemmingen (ingetrokken)")
    journey.assert_clean()
