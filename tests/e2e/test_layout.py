"""Every portal page the demo cast can reach, in a real browser at 1280 and 320 CSS px
(issue 10, part 4): no sideways scrolling, targets of at least 44 by 44 px, and axe-core.

Pages are found as people find them: from the page after login, following the links on each
page (downloads, the API and the admin left out). Pages other parts add are checked too.

Target rule: every visible link, button, form field and <summary> is at least 44 by 44 CSS px.
A checkbox or radio button is measured together with its label (clicking either toggles it).
Exempt, as in WCAG 2.5.8: a link inside a sentence, i.e. an inline link outside a <nav> with
words of running text beside it in its parent element (tests/e2e/targets.js).
"""

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.integration

WIDTHS = [1280, 320]
TARGETS_JS = (Path(__file__).parent / "targets.js").read_text()
CAST = {
    "alice": "alice-demo-2026",
    "bob": "bob-demo-2026",
    "carol": "carol-demo-2026",
}
# Not pages: files, the API, the admin, and links that act (log out, erase) or leave the site.
SKIP = ("/api/", "/admin/", "/static/", "/download/", "/bewijs/", "/document/", "/i18n/")
MAX_PAGES = 40
SERIOUS = {"serious", "critical"}
# Residents (and anyone before logging in) meet no moderate problem either.
RESIDENT_IMPACTS = {"moderate", *SERIOUS}


class Findings:
    def __init__(self) -> None:
        self.axe = Axe()
        self.problems: list[str] = []

    def check(self, page: Page, what: str, impacts: set[str]) -> None:
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            self.problems.append(f"{what}: scrolls sideways ({scroll_width} > {inner_width})")
        for target in page.evaluate(TARGETS_JS):
            self.problems.append(f"{what}: target smaller than 44x44: {target}")
        for violation in self.axe.run(page).response["violations"]:
            if violation["impact"] in impacts:
                nodes = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{what}: {violation['id']} ({violation['impact']}) {nodes}")


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def context_at(browser, live_server) -> Iterator:
    contexts = []

    def open_context(width: int):
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": 800}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


def _log_in(page: Page, username: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(CAST[username])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" != origin or any(part in url.path for part in SKIP):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def _crawl(page: Page, origin: str) -> list[str]:
    """Paths reachable by links from the page the person is on, breadth first."""
    seen: list[str] = []
    queue = [urlsplit(page.url).path]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.append(path)
        page.goto(path)
        queue.extend(link for link in _links(page, origin) if link not in seen)
    return seen


def _check_person(context_at, live_server, username: str, impacts: set[str]) -> list[str]:
    findings = Findings()
    paths: list[str] = []
    for width in WIDTHS:
        page = context_at(width).new_page()
        _log_in(page, username)
        paths = paths or _crawl(page, live_server.url)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status < 400, f"{username} {path}"
            findings.check(page, f"{username} {path} @{width}", impacts)
    assert len(paths) >= 2, paths  # the crawl got past the first page
    if username == "alice":  # her pages include one entry of "Wie keek er?" on its own
        assert any(re.fullmatch(r"/wie-keek-er/[0-9a-f-]{36}/", path) for path in paths), paths
    return findings.problems


@pytest.mark.parametrize(
    ("username", "impacts"),
    [("alice", RESIDENT_IMPACTS), ("bob", SERIOUS), ("carol", SERIOUS)],
)
def test_every_page_of_the_cast_reflows_and_passes_axe(
    demo, context_at, live_server, username, impacts
):
    problems = _check_person(context_at, live_server, username, impacts)

    assert problems == [], "\n".join(problems)


def _error_page(name: str) -> str:
    """400.html and 500.html as Django renders them: without the request's context."""
    with translation.override("nl"):
        return render_to_string(name)


def test_anonymous_and_error_pages_reflow_and_pass_axe(demo, context_at):
    findings = Findings()
    for width in WIDTHS:
        page = context_at(width).new_page()
        for path in ["/", "/inloggen/", "/statistieken/", "/bestaat-niet/"]:
            page.goto(path)
            findings.check(page, f"anonymous {path} @{width}", RESIDENT_IMPACTS)
        # A form sent without the CSRF cookie: the 403 page of a CSRF failure.
        page.goto("/inloggen/")
        page.context.clear_cookies()
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
        assert "niet verstuurd" in page.content()
        findings.check(page, f"403 csrf @{width}", RESIDENT_IMPACTS)
        for name in ["400.html", "500.html"]:
            page.goto("/")  # the page's origin, so its stylesheets load
            page.set_content(_error_page(name), wait_until="load")
            findings.check(page, f"{name} @{width}", RESIDENT_IMPACTS)

    assert findings.problems == [], "\n".join(findings.problems)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_menu_works_without_javascript(demo, browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport={"width": width, "height": 800},
        java_script_enabled=False,
    )
    page = context.new_page()
    _log_in(page, "alice")
    link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wie keek er?")
    summary = page.locator("summary", has_text="Menu")

    if width < 768:  # a phone: the menu is folded until the person opens it, by keyboard here
        expect(link).to_be_hidden()
        summary.focus()
        page.keyboard.press("Enter")
    else:
        expect(summary).to_be_hidden()
    link.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wie keek er?")
    context.close()
