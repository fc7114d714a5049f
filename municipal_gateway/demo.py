"""Demo neighbours for the client council: enough residents for its statistics to show.

The council's figures hide groups of fewer than ``COUNCIL_MIN_RESIDENTS`` (10) residents,
and alice and dave alone would hide everything. These residents cannot log in. All of
it goes through the real services, so the log, chains and notifications are as in life.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count, islice
from typing import TYPE_CHECKING

import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.selectors import department_get
from consent.services import grant_create, grant_revoke
from municipal_gateway import lookups, reads, references
from municipal_gateway.exceptions import ResidentNotFound
from vault import crypto
from vault.constants import Category
from vault.services import record_create, resident_create

if TYPE_CHECKING:
    from accounts.models import Department, User

NEIGHBOURS = 14  # read by Team Wmo: shown
REFUSED = 11  # looked up by Team Werk en Inkomen without consent: shown
REVOKED = 3  # consent withdrawn afterwards: too few, so the council sees it hidden
WMO_PURPOSE = "wmo-huishoudelijke-hulp"
INCOME_PURPOSE = "bijzondere-bijstand"


def _bsn(number: int) -> str:
    """The ``number``-th BSN from 900000000 that passes the eleven test (never a real one:
    900 million and up is not issued to people)."""
    valid = (bsn for bsn in map(str, count(900_000_000)) if crypto.bsn_is_valid(bsn))
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
    """Idempotent: does nothing once the first neighbour exists. Needs ``seed_demo``'s cast.

    Each wave runs at its own moment in the past (a clock set back, as if the demo had been
    in use since last year), through the real services, so chains stay in time order.
    """
    if get_user_model()._default_manager.filter(username="buur-01").exists():
        return
    bob, charlie = (
        get_user_model()._default_manager.get(username=name) for name in ("bob", "charlie")
    )
    wmo = _wmo()
    first_wave, second_wave = history_moments(timezone.now())
    with time_machine.travel(first_wave, tick=True):
        neighbours = [_neighbour_create(number) for number in range(1, NEIGHBOURS + 1)]
        _wave(neighbours, bob=bob, charlie=charlie, wmo=wmo)
    with time_machine.travel(second_wave, tick=True):
        _wave(neighbours, bob=bob, charlie=charlie, wmo=wmo)


def _neighbour_create(number: int) -> tuple[User, str]:
    bsn = _bsn(number)
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


def _wmo() -> Department:
    department = department_get(code="wmo")
    if department is None:
        raise LookupError("the demo needs Team Wmo; seed_demo makes it first")
    return department
