from typing import Any

from django import template

from vault.constants import Category
from vault.record_types.display import record_rows, typed

register = template.Library()


@register.filter
def category_label(value: str) -> str:
    return str(dict(Category.choices).get(value, value))


@register.filter
def record_type_label(record: Any) -> str:
    kind, _content = typed(
        category=record.category, record_type=record.record_type, content=record.content
    )
    return str(kind.label)


@register.inclusion_tag("vault/_record_content.html")
def record_content(record: Any) -> dict[str, Any]:
    """A record's content as a labelled description list (vault.record_types.display)."""
    rows = record_rows(
        category=record.category, record_type=record.record_type, content=record.content
    )
    return {"rows": rows}
