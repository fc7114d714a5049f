"""The demo's open objection: alice says "Dit klopt niet" about bob's read of her Wmo data,
so the privacy officer (petra) has one to investigate and Team Wmo's lead (erin) one to
answer once asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from municipal_gateway.constants import Operation, Outcome
from municipal_gateway.selectors import access_log_list_for_resident
from objections.models import Objection
from objections.services import objection_file

if TYPE_CHECKING:
    pass


def objection_seed() -> None:
    """Idempotent: does nothing once the read has an objection. Needs the demo's log."""
    alice = get_user_model()._default_manager.get(username="alice")
    read = (
        access_log_list_for_resident(resident=alice, outcome=Outcome.ALLOWED)
        .filter(operation=Operation.RECORDS_READ, caseworker_name__icontains="Bob")
        .order_by("seq")
        .first()
    )
    if read is None or Objection.objects.filter(entry_id=read.id).exists():
        return
    objection_file(
        resident=alice,
        entry_id=read.id,
        text="Ik heb geen afspraak met de Wmo gehad. Waarom keek u?",
    )
