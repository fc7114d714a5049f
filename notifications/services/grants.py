"""Warnings that a grant ends soon, from consent's register of grants."""

from datetime import datetime
from typing import Any

from django.db import transaction

from consent.selectors import grants_expiring_between
from notifications import constants
from notifications.constants import Kind
from notifications.models import OutboxMessage
from notifications.services.outbox import notification_enqueue


def grant_expiry_warnings_send(*, now: datetime) -> int:
    """Warn about each grant that ends within the warning period; once per grant."""

    due = [
        (grant, grant.resident)
        for grant in grants_expiring_between(start=now, end=now + constants.GRANT_WARNING_AHEAD)
        if grant.resident is not None
    ]
    # Grants warned about in an earlier run are left out rather than enqueued again as no-ops.
    warned = set(
        OutboxMessage.objects.filter(
            kind=Kind.GRANT_EXPIRING, source_id__in=[str(grant.pk) for grant, _ in due]
        ).values_list("source_id", flat=True)
    )
    new = [(grant, resident) for grant, resident in due if str(grant.pk) not in warned]
    for grant, resident in new:
        with transaction.atomic():
            notification_enqueue(
                resident=resident,
                kind=Kind.GRANT_EXPIRING,
                source_id=str(grant.pk),
                context=_grant_context(grant),
            )
    return len(new)


def _grant_context(grant: Any) -> dict[str, Any]:
    return {
        "grant_id": str(grant.pk),
        "department": grant.department.code,
        "purpose": grant.purpose.code,
        "purpose_name_nl": grant.purpose_version.name_nl,
        "purpose_name_en": grant.purpose_version.name_en,
        "categories": [str(category) for category in grant.categories],
        "expires_at": grant.valid_until.isoformat(),
    }
