"""What matters to the resident now, gathered from the other apps' own selectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from consent.constants import RequestStatus
from consent.selectors import access_requests_for_resident, grants_for_resident
from municipal_gateway.selectors import access_log_list_for_resident
from notifications.selectors import inbox_list, inbox_titled, inbox_unread_count
from overview import constants

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Overview:
    accesses: list[Any]
    open_requests: list[Any]
    ending_grants: list[Any]
    unread: list[tuple[Any, str]]  # (message, its title)
    unread_count: int


def grants_ending_soon(*, resident: User, now: datetime) -> QuerySet[Any]:
    """Running consents (begun, not withdrawn) whose end falls in (now, now + 30 days]."""
    return (
        grants_for_resident(resident=resident)
        .filter(
            valid_from__lte=now,
            valid_until__gt=now,
            valid_until__lte=now + constants.ENDING_SOON,
            revoked_at__isnull=True,
        )
        .order_by("valid_until")
    )


def open_requests(*, resident: User, now: datetime) -> QuerySet[Any]:
    requests = access_requests_for_resident(resident=resident, at=now)
    # current_status is consent's annotation: open and not past its end.
    still_open = requests.filter(current_status=RequestStatus.OPEN)  # type: ignore[misc]
    return still_open.order_by("expires_at")


def overview_for_resident(*, resident: User, now: datetime) -> Overview:
    return Overview(
        accesses=list(access_log_list_for_resident(resident=resident)[: constants.LATEST]),
        open_requests=list(open_requests(resident=resident, now=now)),
        ending_grants=list(grants_ending_soon(resident=resident, now=now)),
        unread=inbox_titled(inbox_list(resident=resident, unread=True)[: constants.LATEST]),
        unread_count=inbox_unread_count(resident=resident),
    )
