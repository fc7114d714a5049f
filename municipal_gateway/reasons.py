"""The reason a caseworker gives for a read or a lookup: required, and short plain text.

The resident reads it in the portal, escaped and never linked. It never goes into an
e-mail (notifications/emails.py), so a link in it cannot be used for phishing.
"""

from collections.abc import Mapping
from typing import Any

from consent.constants import MAX_REASON_LENGTH
from municipal_gateway.exceptions import ReasonRequired, ReasonTooLong


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value)


def stated_reason_check(fields: Mapping[str, Any]) -> None:
    """``reason_required`` without a reason or case reference; ``reason_too_long`` past the
    limit. Checked before anything is looked up or logged."""
    reason, case = _text(fields.get("reason")), _text(fields.get("case_reference"))
    if not reason and not case:
        raise ReasonRequired()
    if len(reason) > MAX_REASON_LENGTH:
        raise ReasonTooLong()
