from django import template

from municipal_gateway.constants import Outcome
from objections.selectors import status_explanation

register = template.Library()


@register.filter
def explanation(status: str) -> str:
    """The status in plain words for the resident."""
    return status_explanation(status)


@register.filter
def outcome_label(code: str) -> str:
    """The log's outcome in words (Toegestaan, Geweigerd, Mislukt)."""
    return str(Outcome(code).label) if code in Outcome.values else code
