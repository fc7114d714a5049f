"""Those who act for someone hear of a request to that person (issue 11).

When the worker delivers a request to the person it is addressed to, each representative
who must answer it under the rules (``representation.selectors.answerers``) gets a message
of their own: that there is a request for someone they act for, and a link to it. No name,
reason or purpose: the page behind the login says that.
"""

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from notifications.constants import Kind
from notifications.models import OutboxMessage
from representation.selectors import answerers

if TYPE_CHECKING:
    from accounts.models import User


def represented_requests(
    *, message: OutboxMessage, subject: "User"
) -> list[tuple["User", str, dict[str, Any]]]:
    """For a request ``message`` delivered to ``subject``: per representative who must
    answer it, the message to enqueue (addressee, source id, context). The source id is
    per request and representative, so a redelivery adds nothing."""
    if message.kind != Kind.ACCESS_REQUEST or not message.payload.get("request_id"):
        return []
    payload = message.payload
    context = {key: payload.get(key) for key in ("request_id", "occurred_at", "expires_at")}
    people = answerers(
        subject=subject, categories=list(payload.get("categories") or []), at=timezone.now()
    )
    return [(person, f"{payload['request_id']}:{person.pk}", context) for person in people]
