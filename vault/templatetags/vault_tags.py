import json
from typing import Any

from django import template

from vault.constants import Category

register = template.Library()


@register.filter
def category_label(value: str) -> str:
    return str(dict(Category.choices).get(value, value))


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
