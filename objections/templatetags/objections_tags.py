from django import template

from objections.selectors import status_explanation

register = template.Library()


@register.filter
def explanation(status: str) -> str:
    """The status in plain words for the resident."""
    return status_explanation(status)
