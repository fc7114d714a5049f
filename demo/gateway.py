"""The demo's access log: alice's own history, and neighbours enough for the client council's
statistics to show.

All of it goes through the gateway's real read path, so the entries are chained, signed
and notified as in life. That path has no public service yet (it is being rebuilt in
issue 15): the import contract names these imports as its one exception.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count, islice
from typing import TYPE_CHECKING

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from consent.services import grant_create, grant_revoke
from demo.cast import BSN, demo_department, demo_user
from demo.consents import consents_seed
from municipal_gateway.selectors import subject_id_for_resident
from municipal_gateway.services import ResidentNotFound, lookups, reads, references
from vault.constants import Category
from vault.selectors import InvalidBsn, bsn_lookup_hash
from vault.services import record_create, resident_create

if TYPE_CHECKING:
    from accounts.models import Department, User

WMO_PURPOSE = "wmo-huishoudelijke-hulp"
INCOME_PURPOSE = "bijzondere-bijstand"
NEIGHBOURS = 14  # read by Team Wmo: shown
REFUSED = 11  # looked up by Team Werk en Inkomen without consent: shown
REVOKED = 3  # consent withdrawn afterwards: too few, so the council sees it hidden


@transaction.atomic
def access_seed() -> None:
    """Alice's log: bob read her Wmo data once; charlie tried and was refused.

    Idempotent: does nothing once alice has a log. Needs the cast (demo.cast).
    """
    alice, bob, charlie = (demo_user(name) for name in ("alice", "bob", "charlie"))
    if subject_id_for_resident(resident=alice) is not None:
        return
    consents_seed()
    reference = references.reference_get_or_create(
        resident=alice, department=demo_department("wmo")
    )
    bob_caller = reads.Caller(
        caseworker=bob, stated_reason="Keukentafelgesprek, zaak WMO-2026-0117"
    )
    reads.records_read(caller=bob_caller, reference=reference, purpose_code=WMO_PURPOSE)
    charlie_caller = reads.Caller(caseworker=charlie, stated_reason="Aanvraag bijzondere bijstand")
    try:
        lookups.resident_lookup(
            caller=charlie_caller, bsn=BSN["alice"], purpose_code=INCOME_PURPOSE
        )
    except ResidentNotFound:
        pass  # refused, as the demo intends: alice gave Team Werk en Inkomen no consent


def _is_bsn(candidate: str) -> bool:
    try:
        bsn_lookup_hash(bsn=candidate)
    except InvalidBsn:
        return False
    return True


def neighbour_bsn(number: int) -> str:
    """The ``number``-th BSN from 900000000 that passes the eleven test (never a real one:
    900 million and up is not issued to people)."""
    valid = (bsn for bsn in map(str, count(900_000_000)) if _is_bsn(bsn))
    return next(islice(valid, number - 1, None))


def history_moments(now: datetime) -> tuple[datetime, datetime]:
    """When the neighbours' history happened: mid-March of last year, and the middle of last
    month. The council publishes closed periods only (docs/council-statistics.md), so a demo
    made today shows figures for both at once."""
    local = timezone.localtime(now)
    last_year = local.replace(year=local.year - 1, month=3, day=14, hour=10, minute=0)
    last_month = (local.replace(day=1) - timedelta(days=1)).replace(day=14, hour=10, minute=0)
    return last_year, last_month


def neighbourhood_seed() -> None:
    """Idempotent: does nothing once the first neighbour exists. Needs the cast.

    Each wave runs at its own moment in the past (a clock set back, as if the demo had been
    in use since last year), through the real services, so chains stay in time order.
    """
    if get_user_model()._default_manager.filter(username="buur-01").exists():
        return
    bob, charlie = demo_user("bob"), demo_user("charlie")
    wmo = demo_department("wmo")
    first_wave, second_wave = history_moments(timezone.now())
    with time_machine.travel(first_wave, tick=True):
        neighbours = [_neighbour_create(number) for number in range(1, NEIGHBOURS + 1)]
        _wave(neighbours, bob=bob, charlie=charlie, wmo=wmo)
    with time_machine.travel(second_wave, tick=True):
        _wave(neighbours, bob=bob, charlie=charlie, wmo=wmo)


def _neighbour_create(number: int) -> tuple[User, str]:
    bsn = neighbour_bsn(number)
    resident = resident_create(
        username=f"buur-{number:02d}",
        password=None,
        bsn=bsn,
        first_name="Buur",
        last_name=f"{number:02d}",
    )
    record_create(
        resident=resident,
        category=Category.HEALTH,
        title="Zorgbehoefte",
        content={"huishoudelijke_hulp_uur": 1 + number % 4},
    )
    return resident, bsn


def _wave(neighbours: list[tuple[User, str]], *, bob: User, charlie: User, wmo: Department) -> None:
    """Every neighbour consents to Team Wmo, which reads; Team Werk en Inkomen tries without
    consent; a few withdraw afterwards."""
    for number, (resident, bsn) in enumerate(neighbours, start=1):
        grant = grant_create(
            resident=resident, purpose_code=WMO_PURPOSE, categories=[Category.HEALTH]
        )
        reads.records_read(
            caller=reads.Caller(caseworker=bob, stated_reason="Herindicatie huishoudelijke hulp"),
            reference=references.reference_get_or_create(resident=resident, department=wmo),
            purpose_code=WMO_PURPOSE,
        )
        if number <= REFUSED:
            try:
                lookups.resident_lookup(
                    caller=reads.Caller(caseworker=charlie, stated_reason="Aanvraag bijstand"),
                    bsn=bsn,
                    purpose_code=INCOME_PURPOSE,
                )
            except ResidentNotFound:
                pass  # refused, as intended: no consent for Team Werk en Inkomen
        if number <= REVOKED:
            grant_revoke(resident=resident, grant_id=grant.id)
