"""The demo's open objection: alice says "Dit klopt niet" about bob's read of her Wmo data,
so the privacy officer (petra) has one to investigate and Team Wmo's lead (erin) one to
answer once asked."""

from demo.cast import demo_user
from municipal_gateway.constants import Operation, Outcome
from municipal_gateway.selectors import access_log_list_for_resident
from objections.selectors import objection_for_entry
from objections.services import objection_file


def objection_seed() -> None:
    """Idempotent: does nothing once the read has an objection. Needs the demo's log."""
    alice = demo_user("alice")
    read = (
        access_log_list_for_resident(resident=alice, outcome=Outcome.ALLOWED)
        .filter(operation=Operation.RECORDS_READ, caseworker_name__icontains="Bob")
        .order_by("seq")
        .first()
    )
    if read is None or objection_for_entry(resident=alice, entry_id=read.id) is not None:
        return
    objection_file(
        resident=alice,
        entry_id=read.id,
        text="Ik heb geen afspraak met de Wmo gehad. Waarom keek u?",
    )
