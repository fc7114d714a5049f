"""The API's JSON parser: whatever the body, a 4xx with a code, never a 500.

DRF's own parser lets a deeply nested body reach Python's recursion limit (a 500, found by
the black-box recheck of issue 16), accepts NaN and Infinity, and reads a body of any size.
"""

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# No document of this API nests deeper; a vault record's content is an object inside it.
MAX_JSON_DEPTH = 32


class BodyTooLarge(APIException):
    # An APIException, not a DomainError: the API's settings load this module early.
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _reject_constant(name: str) -> None:
    raise ValueError(name)


def _too_deep_error() -> ParseError:
    return ParseError(_("De JSON is te diep genest."), code="json_too_deep")


def json_load(raw: bytes) -> Any:
    """``raw`` as JSON, or a ParseError with the code ``malformed_json`` or ``json_too_deep``."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        raise ParseError(_("Dit is geen geldige JSON."), code="malformed_json") from None
    except RecursionError:
        raise _too_deep_error() from None
    if isinstance(data, dict | list) and too_deep(data):
        raise _too_deep_error()
    return data


class JSONParser(parsers.JSONParser):
    """The default parser of the API (settings.REST_FRAMEWORK)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(
                _("Het verzoek is te groot. Het mag hoogstens %(limit)s bytes zijn.")
                % {"limit": limit}
            )
        return json_load(raw)
