"""A resident's journey in a real browser, counted click by click (issue 10: "each journey
asserts its click count").

Every click goes through ``Journey.click`` (a link, a button, a checkbox or radio button;
``choose`` picks from a list, one click too); opening the folded menu on a phone is a click
too, and typing is none. A leg of the journey is counted with
``with journey.clicks("who looked", 1): ...``, which fails when it took another number.
``journey.check(what)`` runs on every page visited: no sideways scrolling
(``scrollWidth <= innerWidth``) and axe-core (on a resident's pages no moderate, serious or
critical violation; ``impacts`` says otherwise).
"""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import Locator, Page

RESIDENT_IMPACTS = frozenset({"moderate", "serious", "critical"})
# The login form's words per language.
LOGIN = {
    "nl": ("Gebruikersnaam", "Wachtwoord", "Inloggen"),
    "en": ("Username", "Password", "Log in"),
}


class Journey:
    def __init__(
        self, page: Page, impacts: frozenset[str] = RESIDENT_IMPACTS, menu: str = "Hoofdmenu"
    ) -> None:
        self.page, self.impacts, self.menu = page, impacts, menu
        self.axe = Axe()
        self.count = 0
        self.problems: list[str] = []

    def click(self, target: Locator) -> None:
        """Click as a person does: one click, counted."""
        self.count += 1
        target.click()

    def choose(self, select: Locator, label: str) -> None:
        """Pick an option of a list: one choice, counted as one click."""
        self.count += 1
        select.select_option(label=label)

    def go_to(self, menu_item: str) -> None:
        """A link of the main menu: one click, two on a phone where the menu is folded."""
        folded = self.page.locator("details.site-menu:not([open]) > summary")
        if folded.is_visible():
            self.click(folded)
        self.click(
            self.page.get_by_role("navigation", name=self.menu).get_by_role("link", name=menu_item)
        )

    def log_in(self, username: str, password: str, language: str = "nl") -> None:
        """From the login page: typing is no click, the button is one."""
        name_label, password_label, button = LOGIN[language]
        self.page.goto("/inloggen/")
        self.page.get_by_label(name_label).fill(username)
        self.page.get_by_label(password_label).fill(password)
        self.click(self.page.get_by_role("button", name=button, exact=True))

    @contextmanager
    def clicks(
        self, leg: str, expected: int | None = None, *, at_most: int | None = None
    ) -> Iterator[None]:
        """Count the clicks of one leg: exactly ``expected``, or no more than ``at_most``."""
        before = self.count
        yield
        used = self.count - before
        if expected is not None:
            assert used == expected, f"{leg}: {used} clicks, not {expected}"
        if at_most is not None:
            assert used <= at_most, f"{leg}: {used} clicks, more than {at_most}"

    def check(self, what: str) -> None:
        """Reflow and axe-core on the page the journey is on."""
        self.page.wait_for_load_state()
        scroll_width, inner_width = self.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            self.problems.append(f"{what}: scrolls sideways ({scroll_width} > {inner_width})")
        for violation in self.axe.run(self.page).response["violations"]:
            if violation["impact"] in self.impacts:
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.problems.append(f"{what}: {violation['id']} ({violation['impact']}) {targets}")

    def assert_clean(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


def outside_the_browser(call: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Run a database call while the browser runs: Playwright's sync API keeps an event loop
    in this thread, and Django refuses the ORM there. Another thread has none."""

    def run() -> Any:
        try:
            return call(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
