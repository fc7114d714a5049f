"""A real browser against ``live_server``: Debian's chromium driven by Playwright.

Playwright's own browser download is not used; CI installs ``chromium`` (.ci/run). Without
it the tests skip locally and fail in CI (tests/service_checks.py). On a failure each open
page is saved as a screenshot in var/e2e/.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from accounts.constants import Role
from accounts.services import membership_start, user_create
from consent.services import purposes_seed
from tests import service_checks
from vault.constants import Category
from vault.services import record_create

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e"
# Without the background-networking flags chromium dials out at start-up, which a closed
# network refuses (and which a test has no business doing anyway).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000

ALICE_RECORDS = {
    Category.HEALTH: ("Zorgbehoefte", {"hulpmiddelen": ["rollator"], "hulp_uur": 3}),
    Category.HOUSEHOLD: ("Samenstelling huishouden", {"volwassenen": 1, "kinderen": 1}),
    Category.INCOME: ("WW-uitkering", {"soort": "WW", "bruto_per_maand": 1450.0}),
}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def bob(wmo_department):
    """As in the demo, with his full name: alice reads it in her log."""
    user = user_create(
        username="bob",
        password="bob-demo-pass",
        role=Role.CASEWORKER,
        first_name="Bob",
        last_name="Bakker",
    )
    membership_start(user=user, department=wmo_department)
    return user


@pytest.fixture
def cast(transactional_db, alice, bob):
    """The purpose register, alice with three records (one outside the Wmo purpose), bob."""
    purposes_seed()
    for category, (title, content) in ALICE_RECORDS.items():
        record_create(resident=alice, category=category, title=title, content=content)
    return {"alice": alice, "bob": bob}


@pytest.fixture
def browser() -> Iterator:
    problem = service_checks.browser_problem()
    if problem:
        service_checks.missing(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=service_checks.CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable]:
    """Opens a page in a fresh context (its own cookies: one per person) on the live server."""
    pages = []

    def open_page(name: str):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        pages.append((name, page))
        return page

    yield open_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, page in pages:
            page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{name}.png", full_page=True)
    for _name, page in pages:
        page.context.close()
