"""Pages render under the site's Content Security Policy, which allows no inline style or
script (issue 16, item 9): the browser reports every blocked resource on the console."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import log_in

pytestmark = pytest.mark.integration


def _violations(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_the_api_docs_render_under_the_csp(transactional_db, new_page):
    page = new_page("docs")
    violations = _violations(page)

    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Datameent API")
    expect(page.get_by_text("/api/v1/gateway/residents/lookup/").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_portal_pages_break_no_csp_rule(cast, new_page):
    page = new_page("alice")
    violations = _violations(page)

    log_in(page, "alice", "alice-demo-pass")
    for path in [
        "/toestemmingen/",
        "/toestemmingen/geschiedenis/",
        "/wie-keek-er/",
        "/mijn-gegevens/",
    ]:
        page.goto(path)

    assert violations == []
