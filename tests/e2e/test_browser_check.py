"""The browser check says what is missing, so a skip (locally) or failure (CI) is clear."""

from tests import service_checks


def test_it_names_a_missing_browser(tmp_path):
    problem = service_checks.browser_problem(str(tmp_path / "chromium"))

    assert problem is not None
    assert str(tmp_path / "chromium") in problem and "apt-get install chromium" in problem


def test_it_accepts_an_executable_browser(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)

    assert service_checks.browser_problem(str(browser)) is None
