"""The demo's consents: alice gives Team Wmo consent; bob has one open request to alice;
dave has nothing. Idempotent; needs the cast (demo.cast)."""

from django.db import transaction
from django.utils import timezone

from accounts.services import membership_start
from consent.constants import RequestStatus
from consent.selectors import access_requests_for_resident, grants_for_resident
from consent.services import access_request_create, grant_create, purposes_seed
from demo.cast import BSN, demo_department, demo_user
from vault.constants import Category

GRANT_PURPOSE = "wmo-huishoudelijke-hulp"
GRANT_CATEGORIES: list[str] = [Category.IDENTITY, Category.HOUSEHOLD, Category.HEALTH]
REQUEST_PURPOSE = "wmo-begeleiding"
REQUEST_CATEGORIES: list[str] = [Category.IDENTITY, Category.HEALTH]
REQUEST_REASON = "Gesprek over begeleiding thuis na uw aanvraag van deze maand."
REQUEST_CASE_REFERENCE = "WMO-2026-0042"


@transaction.atomic
def consents_seed() -> None:
    purposes_seed()
    alice, bob = demo_user("alice"), demo_user("bob")
    if not grants_for_resident(resident=alice).filter(purpose__code=GRANT_PURPOSE).exists():
        grant_create(resident=alice, purpose_code=GRANT_PURPOSE, categories=GRANT_CATEGORIES)
    membership_start(user=bob, department=demo_department("wmo"))
    asked = access_requests_for_resident(resident=alice, at=timezone.now()).filter(
        caseworker=bob, status=RequestStatus.OPEN
    )
    if not asked.exists():
        access_request_create(
            caseworker=bob,
            purpose_code=REQUEST_PURPOSE,
            categories=REQUEST_CATEGORIES,
            reason=REQUEST_REASON,
            case_reference=REQUEST_CASE_REFERENCE,
            bsn=BSN["alice"],
        )
