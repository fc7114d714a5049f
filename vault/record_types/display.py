"""A record as a labelled description list, in the active language: no keys, codes or JSON."""

from dataclasses import dataclass
from typing import Any

from vault.record_types import Field, RecordType, record_type_get
from vault.record_types.legacy import upgrade
from vault.record_types.text import amount, day, humanise, number, plain, yes_no


@dataclass(frozen=True)
class Row:
    label: str
    value: str


def typed(*, category: str, record_type: str | None, content: Any) -> tuple[RecordType, Any]:
    """A record's type and content: as stored, or for an untyped record by the read rule."""
    if record_type:
        return record_type_get(record_type), content
    return upgrade(category, content)


def _value(field: Field, value: Any) -> str:
    kind = field.kind
    if kind in ("choice", "choices"):
        words = dict(field.choices())
        items = value if isinstance(value, list) else [value]
        return ", ".join(str(words[item]) if item in words else plain(item) for item in items)
    if kind == "amount" and isinstance(value, int | float):
        return amount(value)
    if kind in ("number", "integer") and isinstance(value, int | float):
        return number(value)
    if kind == "boolean" and isinstance(value, bool):
        return yes_no(value)
    if kind == "date" and isinstance(value, str):
        return day(value)
    return plain(value)


def rows(record_type: RecordType, content: Any) -> list[Row]:
    """The filled-in fields in the type's order; keys the type does not know come last."""
    if not isinstance(content, dict):
        return [Row(str(record_type.label), plain(content))] if content else []
    known = [
        Row(str(field.label), _value(field, content[field.key]))
        for field in record_type.fields
        if content.get(field.key) not in (None, "", [])
    ]
    unknown = [
        Row(humanise(str(key)), plain(value))
        for key, value in content.items()
        if record_type.field(key) is None and value not in (None, "", [])
    ]
    return known + unknown


def record_rows(*, category: str, record_type: str | None, content: Any) -> list[Row]:
    kind, typed_content = typed(category=category, record_type=record_type, content=content)
    return rows(kind, typed_content)
