"""Logging in through the real OpenID Connect provider (tests/oidc), in a real browser:
a resident with DigiD through the broker, a caseworker with the municipality's provider.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from accounts.constants import Role
from identity.constants import DIGID_MIDDEN, DIGID_SUBSTANTIEEL
from identity.models import GroupMapping
from tests.oidc_provider import oidc, oidc_provider_process  # noqa: F401

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, as in test_journey.py."""
    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]


def menu(page: Page):
    return page.get_by_role("navigation", name="Hoofdmenu")


def provider_login(page: Page, **fields: str) -> None:
    """What the person does at the provider: its form, then back to Datameent."""
    for label, value in fields.items():
        if label == "Assurance":
            page.get_by_label(label, exact=True).select_option(value)
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Log in").click()


def test_a_resident_logs_in_with_digid_and_out_of_both(oidc, new_page, live_server):  # noqa: F811
    page = new_page("resident")
    page.goto("/inloggen/")
    buttons = page.get_by_role("link", name="Inloggen met DigiD")
    expect(buttons).to_be_visible()
    assert serious_violations(page) == []
    buttons.click()
    provider_login(page, Subject="e2e-r", BSN="999993653", Assurance=DIGID_SUBSTANTIEEL)

    expect(menu(page).get_by_role("link", name="Mijn gegevens")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()

    # The provider's session ended too: DigiD asks again.
    page.goto("/inloggen/digid/")
    expect(page.get_by_label("Subject")).to_be_visible()


def test_a_resident_below_substantieel_is_told_why(oidc, new_page):  # noqa: F811
    page = new_page("resident")
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    provider_login(page, Subject="e2e-low", BSN="999993653", Assurance=DIGID_MIDDEN)

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met een hoger niveau nodig")
    assert serious_violations(page) == []
    expect(menu(page).get_by_role("link", name="Mijn gegevens")).to_have_count(0)


@pytest.fixture
def wmo_group(wmo_department):
    """Made before the browser starts: Django's ORM refuses to run inside Playwright's loop."""
    return GroupMapping.objects.create(
        group="gg-wmo", role=Role.CASEWORKER, department=wmo_department
    )


def test_a_caseworker_logs_in_with_the_municipalitys_provider(wmo_group, oidc, new_page):  # noqa: F811
    page = new_page("caseworker")
    page.goto("/inloggen/")
    page.get_by_role("link", name="Inloggen als medewerker").click()
    provider_login(page, Subject="e2e-staff", Groups="gg-wmo", Name="Eva")

    expect(menu(page).get_by_role("link", name="Mijn inwoners")).to_be_visible()
