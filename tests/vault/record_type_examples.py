"""Content for each record type: one with every field filled, and any schema-valid one."""

import datetime
from typing import Any

from hypothesis import strategies as st

from vault.record_types import Field, RecordType

_LINE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


def _line(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_LINE_CHARS, min_size=1, max_size=max_size).filter(
        lambda text: text == text.strip() and bool(text)
    )


def _text(max_size: int) -> st.SearchStrategy[str]:
    lines = st.lists(st.text(_LINE_CHARS, max_size=40), min_size=1, max_size=4)
    return lines.map("\n".join).filter(lambda t: t == t.strip() and bool(t) and len(t) <= max_size)


def value_strategy(field: Field) -> st.SearchStrategy[Any]:
    """Any value the field's schema accepts (the register allows only these keywords)."""
    schema, kind = field.schema, field.kind
    if kind in ("choice", "choices"):
        values = [value for value, _label in field.choices()]
        if kind == "choice":
            return st.sampled_from(values)
        return st.lists(st.sampled_from(values), min_size=1, unique=True)
    if kind == "line":
        return _line(schema["maxLength"])
    if kind == "text":
        return _text(schema["maxLength"])
    if kind == "lines":
        return st.lists(
            _line(schema["items"]["maxLength"]), min_size=1, max_size=schema["maxItems"]
        )
    if kind == "integer":
        return st.integers(schema["minimum"], schema["maximum"])
    if kind in ("amount", "number"):
        low, high = schema["minimum"], schema["maximum"]
        return st.integers(low, high) | st.floats(low, high, allow_nan=False)
    if kind == "boolean":
        return st.booleans()
    assert kind == "date"
    return st.dates(min_value=_date(1900), max_value=_date(2099)).map(lambda d: d.isoformat())


def _date(year: int) -> datetime.date:
    return datetime.date(year, 1, 1) if year < 2000 else datetime.date(year, 12, 31)


@st.composite
def content_strategy(draw: Any, kind: RecordType) -> dict[str, Any]:
    content = {}
    for field in kind.fields:
        if field.required or draw(st.booleans()):
            content[field.key] = draw(value_strategy(field))
    return content


_FULL = {
    "line": "Voorbeeld",
    "text": "Regel een\nRegel twee",
    "lines": ["Noor (2015)", "Sam (2018)"],
    "amount": 1450.5,
    "number": 12.5,
    "boolean": True,
    "date": "2026-03-01",
}


def full_example(kind: RecordType, *, form_order: bool = False) -> dict[str, Any]:
    """Every field filled; choices in an order other than the form's (unless ``form_order``),
    to test that saving a form unchanged keeps it."""
    content: dict[str, Any] = {}
    for field in kind.fields:
        values = [value for value, _label in field.choices()]
        if field.kind == "choice":
            content[field.key] = values[-1]
        elif field.kind == "choices":
            content[field.key] = values[:2] if form_order else [values[1], values[0]]
        elif field.kind == "integer":
            content[field.key] = field.schema["minimum"] + 1
        else:
            content[field.key] = _FULL[field.kind]
    return content
