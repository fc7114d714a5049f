"""Values in words, in the active language: amounts in euro, dates, yes or no, lists."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


def amount(value: float | int) -> str:
    return "€ " + number_format(Decimal(str(value)), 2, force_grouping=True)


def number(value: float | int) -> str:
    places = 0 if float(value).is_integer() else None
    return number_format(Decimal(str(value)), places, force_grouping=True)


def day(value: str) -> str:
    try:
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nee")


def plain(value: Any) -> str:
    """Any JSON value of an old record, in words: never a list literal or braces."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list):
        return ", ".join(plain(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{humanise(str(k))}: {plain(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def humanise(key: str) -> str:
    """An old record's key as a label: "huishoudelijke_hulp_uur" -> "Huishoudelijke hulp uur"."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
