from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(figures: dict[str, Any], key: str) -> Any:
    """``figures[key]``: templates cannot index a dict by a variable."""
    return figures[key]
