"""The witness's state on the client council's page, as one tag, so the council's view and
template need to know nothing about the transparency log."""

from typing import Any

from django import template

from municipal_gateway import selectors

register = template.Library()


@register.inclusion_tag("municipal_gateway/_witness_council.html")
def witness_state() -> dict[str, Any]:
    return {"status": selectors.witness_status(), "refusals": selectors.witness_refusals()}
