"""The municipality's theme: its name, logo and colours, from a directory in configuration.

``DATAMEENT_THEME`` points at a directory with ``theme.json`` and the logo. Its design tokens
override the NL Design System tokens of static/nlds/nlds.css; they reach the page as CSS custom
properties in a stylesheet of their own, since the Content Security Policy allows no inline
style. The logo is a static file (the directory is a static files source under ``thema/``).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

STATIC_PREFIX = "thema"
TOKEN_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
# Colours, sizes, font lists and var() references; nothing that could close the declaration.
TOKEN_VALUE = re.compile(r"[\w\s#.,%()'\"-]+")
LOGO_SUFFIXES = {".svg", ".png"}


@dataclass(frozen=True)
class Theme:
    name: str
    logo: str
    stylesheet: str
    version: str


def _fail(directory: Path, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"DATAMEENT_THEME {directory}: {problem}")


def _tokens(directory: Path, tokens: Any) -> dict[str, str]:
    if not isinstance(tokens, dict):
        raise _fail(directory, "'tokens' must be an object of token names and values")
    for name, value in tokens.items():
        if not TOKEN_NAME.fullmatch(name):
            raise _fail(directory, f"token name {name!r} is not a design token name")
        if not isinstance(value, str) or not TOKEN_VALUE.fullmatch(value):
            raise _fail(directory, f"token {name!r} has a value that is not allowed")
    return tokens


def _stylesheet(tokens: dict[str, str]) -> str:
    declarations = "".join(f"  --{name}: {value};\n" for name, value in tokens.items())
    # Two classes outrank the single class of the NL Design System's base theme.
    return f".voorbeeld-theme.datameent-theme {{\n{declarations}}}\n"


def theme_read(directory: Path) -> Theme:
    try:
        config = json.loads((directory / "theme.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(directory, f"theme.json cannot be read ({error})") from error
    name, logo = config.get("name"), config.get("logo")
    if not isinstance(name, str) or not name.strip():
        raise _fail(directory, "'name' must be the municipality's name")
    plain_file = isinstance(logo, str) and Path(logo).name == logo
    if not plain_file or Path(logo).suffix not in LOGO_SUFFIXES:
        raise _fail(directory, "'logo' must be an .svg or .png file name in the directory")
    if not (directory / logo).is_file():
        raise _fail(directory, f"the logo {logo} is missing")
    stylesheet = _stylesheet(_tokens(directory, config.get("tokens", {})))
    version = hashlib.sha256(stylesheet.encode()).hexdigest()[:12]
    return Theme(name=name, logo=f"{STATIC_PREFIX}/{logo}", stylesheet=stylesheet, version=version)


# Read once per process; settings read it at start so a broken theme stops the start.
theme_load = lru_cache(theme_read)


def current_theme() -> Theme:
    return theme_load(Path(settings.DATAMEENT_THEME))


# A template tag rather than a context processor: Django renders 400.html and 500.html without
# the request's context, and those pages carry the municipality's name and colours too.
register = template.Library()


@register.simple_tag
def site_theme() -> Theme:
    return current_theme()


@require_GET
def theme_stylesheet(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(current_theme().stylesheet, content_type="text/css; charset=utf-8")
    # The page links it with the theme's version in the query, so a changed theme is fetched anew.
    response["Cache-Control"] = "public, max-age=86400"
    return response
