"""The municipality's theme from configuration reaches every page, and the NL Design System
CSS is the committed build of the pinned packages (issue 10, part 4)."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from datameent.theme import theme_load

NLDS = Path(settings.BASE_DIR) / "static" / "nlds"
LOCK = Path(settings.BASE_DIR) / "frontend" / "package-lock.json"
EXTERNAL = re.compile(r"""<(?:link|script)\b[^>]*(?:href|src)=["'](?:https?:)?//""", re.I)


def _theme(directory: Path, **config) -> Path:
    directory.mkdir()
    (directory / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    config = {"name": "Gemeente Proefdorp", "logo": "logo.svg", **config}
    (directory / "theme.json").write_text(json.dumps(config))
    return directory


def test_the_demo_municipality_is_on_the_page(client, db):
    page = client.get("/inloggen/").content.decode()

    assert "Gemeente Meenthuizen" in page
    assert 'src="/static/thema/logo.svg"' in page
    assert re.search(r'<link rel="stylesheet" href="/thema\.css\?v=\w+">', page)


def test_a_configured_theme_reaches_the_page_and_its_stylesheet(client, db, settings, tmp_path):
    settings.DATAMEENT_THEME = _theme(
        tmp_path / "proefdorp", tokens={"basis-color-accent-1-inverse-bg-default": "#123456"}
    )

    page = client.get("/").content.decode()
    stylesheet = client.get("/thema.css")

    assert "Gemeente Proefdorp" in page and "Meenthuizen" not in page
    assert stylesheet["Content-Type"].startswith("text/css")
    assert "--basis-color-accent-1-inverse-bg-default: #123456;" in stylesheet.content.decode()


def test_error_pages_carry_the_theme_without_a_request():
    page = render_to_string("500.html")

    assert "Gemeente Meenthuizen" in page and "/thema.css?v=" in page


@pytest.mark.parametrize(
    "tokens",
    [
        {"basis-color": "red; } body { display: none"},
        {"basis-color": "url(https://example.org/x.png)"},
        {"Basis Color": "red"},
        ["basis-color", "red"],
    ],
)
def test_a_theme_cannot_write_other_css(tmp_path, tokens):
    with pytest.raises(ImproperlyConfigured, match="DATAMEENT_THEME"):
        theme_load(_theme(tmp_path / "kwaad", tokens=tokens))


def test_a_theme_without_its_logo_is_refused(tmp_path):
    directory = _theme(tmp_path / "zonder", logo="wapen.svg")

    with pytest.raises(ImproperlyConfigured, match="wapen.svg is missing"):
        theme_load(directory)


def test_no_page_loads_css_or_scripts_from_another_host(client, alice):
    client.force_login(alice)
    for path in ["/", "/inloggen/", "/mijn-gegevens/", "/toestemmingen/", "/bestaat-niet/"]:
        page = client.get(path, follow=True).content.decode()

        assert not EXTERNAL.search(page), path
        assert "nlds/nlds.css" in page and "css/portal.css" in page


def test_the_committed_css_is_the_build_of_the_pinned_packages():
    locked = json.loads(LOCK.read_text())["packages"]
    sources = json.loads((NLDS / "sources.json").read_text())
    css = (NLDS / "nlds.css").read_text()

    assert hashlib.sha256(css.encode()).hexdigest() == sources["sha256"], "rebuild: make css"
    header = css.split("*/", 1)[0]
    for package, version in sources["packages"].items():
        assert locked[f"node_modules/{package}"]["version"] == version, package
        assert f"{package}@{version}" in header
    assert (
        sources["packages"]["@utrecht/component-library-css"]
        == (
            json.loads((LOCK.parent / "package.json").read_text())["dependencies"][
                "@utrecht/component-library-css"
            ]
        )
    )
