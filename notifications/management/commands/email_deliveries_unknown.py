"""List notification e-mails whose outcome is unknown: claimed, never recorded.

Their worker stopped between the send and recording it, so each may or may not have gone
out; none is sent again automatically (docs/operations.md). Ids only, no addresses.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.selectors import email_deliveries_unknown


class Command(BaseCommand):
    help = "List notification e-mails claimed but never recorded as sent or failed."

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = list(email_deliveries_unknown(now=timezone.now()))
        for delivery in unknown:
            self.stdout.write(
                f"claim {delivery.id}  inbox entry {delivery.inbox_entry_id}  "
                f"outbox message {delivery.inbox_entry.outbox_message_id}  "
                f"claimed {delivery.claimed_at.isoformat()}  attempts {delivery.attempts}"
            )
        self.stdout.write(f"{len(unknown)} e-mail(s) with unknown outcome.")
