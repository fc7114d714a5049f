"""Take the README's screenshots: alice's overview, a record, her log and her inbox, at
1280 and 375 px wide, from a running demo (`make run`, then
`.venv/bin/python docs/screenshots/take.py [http://127.0.0.1:8000]`)."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent
PAGES = [("overview", "/overzicht/"), ("log", "/wie-keek-er/"), ("inbox", "/berichten/")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (1280, 375):
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="nl-NL")
            page.goto(f"{BASE}/inloggen/")
            page.fill("input[name=username]", "alice")
            page.fill("input[name=password]", "alice-demo-2026")
            page.locator("form:has(input[name=password]) button[type=submit]").click()
            page.wait_for_url("**/overzicht/")
            page.goto(f"{BASE}/mijn-gegevens/")
            record = page.locator("main a[href^='/mijn-gegevens/'][href$='/']").nth(1)
            shots = [*PAGES, ("record", record.get_attribute("href"))]
            for name, path in shots:
                page.goto(f"{BASE}{path}")
                page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
