"""Demo data for the consent part of ``seed_demo``."""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.selectors import department_get
from accounts.services import membership_start
from consent import seed_data
from consent.constants import RequestStatus
from consent.models import AccessRequest, Grant
from consent.services.common import bsn_hash_of, current_version
from consent.services.grants import grant_create
from consent.services.purposes import purposes_seed
from consent.services.requests import access_request_insert

if TYPE_CHECKING:
    from accounts.models import Department, User


def _user(username: str) -> "User":
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise LookupError(f"demo_consents_seed needs the demo user {username!r}; seed it first")
    return user


def _department(code: str) -> "Department":
    department = department_get(code=code)
    if department is None:
        raise LookupError(
            f"demo_consents_seed needs the department {code!r}; the purpose register makes it"
        )
    return department


@transaction.atomic
def demo_consents_seed() -> None:
    """Alice gives Team Wmo consent; Bob has one open request to Alice; Dave has nothing.

    Idempotent. Needs the demo users alice (with a vault) and bob.
    """
    purposes_seed()
    alice, bob = _user("alice"), _user("bob")
    demo = seed_data.DEMO
    if not Grant.objects.filter(resident=alice, purpose__code=demo["grant_purpose"]).exists():
        grant_create(
            resident=alice,
            purpose_code=demo["grant_purpose"],
            categories=demo["grant_categories"],
        )
    membership_start(user=bob, department=_department("wmo"))
    version = current_version(demo["request_purpose"])
    bsn_hash = bsn_hash_of(alice)
    open_requests = AccessRequest.objects.filter(
        caseworker=bob, bsn_hash=bsn_hash, status=RequestStatus.OPEN
    )
    if bsn_hash and not open_requests.exists():
        # Addressed by Alice's stored hash: the demo does not need to know her BSN.
        access_request_insert(
            caseworker=bob,
            version=version,
            categories=demo["request_categories"],
            reason=demo["request_reason"],
            case_reference=demo["request_case_reference"],
            bsn_hash=bsn_hash,
            now=timezone.now(),
        )
