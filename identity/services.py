"""Turning a provider's verified claims into a Datameent account, at each login."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import memberships_active_at
from accounts.services import (
    membership_end,
    membership_start,
    user_create,
    user_profile_set,
)
from identity.constants import STAFF
from identity.models import ExternalIdentity, GroupMapping
from vault.selectors import bsn_lookup_hash, resident_for_bsn_hash
from vault.services import resident_create

if TYPE_CHECKING:
    from accounts.models import User

# When the groups carry several roles, the first of these wins.
ROLE_PRECEDENCE = [Role.ADMIN, Role.PRIVACY_OFFICER, Role.CASEWORKER, Role.COUNCIL]


def _free_username(base: str) -> str:
    base = base[:120] or "user"
    if not get_user_model()._default_manager.filter(username=base).exists():
        return base
    return f"{base}-{secrets.token_hex(3)}"


@transaction.atomic
def resident_login(*, bsn: str) -> User:
    """The resident whose vault holds this BSN's keyed hash; on a first login, a new one.

    Raises vault's InvalidBsn for a BSN that fails the check. Only the hash is compared
    and stored; the username is random, so nothing in the account points to the BSN."""
    resident = resident_for_bsn_hash(bsn_hash=bsn_lookup_hash(bsn=bsn))
    if resident is not None:
        return resident
    return resident_create(
        username=_free_username(f"digid-{secrets.token_hex(6)}"), password=None, bsn=bsn
    )


def _mapped(groups: list[str]) -> tuple[str | None, set[Any]]:
    """The role and departments the claimed groups map to (admin: GroupMapping)."""
    mappings = list(GroupMapping.objects.filter(group__in=groups).select_related("department"))
    roles = {mapping.role for mapping in mappings}
    role = next((candidate for candidate in ROLE_PRECEDENCE if candidate in roles), None)
    departments = {mapping.department for mapping in mappings if mapping.department}
    return role, departments


@transaction.atomic
def staff_login(
    *,
    subject: str,
    groups: list[str],
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User | None:
    """The staff account for this subject, with role and memberships as the groups claim
    says now. Memberships the claim no longer carries end at this login. None when the
    groups map to no role: the login is refused, but the memberships have ended already."""
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=STAFF, subject=subject)
        .first()
    )
    role, departments = _mapped(groups)
    user = identity.user if identity else None
    if user is not None:
        _memberships_sync(user=user, departments=departments)
    if role is None:
        return None
    if user is None:
        user = user_create(
            username=_free_username(username or f"staff-{secrets.token_hex(6)}"),
            password=None,
            role=role,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        ExternalIdentity.objects.create(provider=STAFF, subject=subject, user=user)
        _memberships_sync(user=user, departments=departments)
    return user_profile_set(
        user=user, role=role, first_name=first_name, last_name=last_name, email=email
    )


def _memberships_sync(*, user: User, departments: set[Any]) -> None:
    now = timezone.now()
    current = {
        m.department for m in memberships_active_at(user=user, at=now).select_related("department")
    }
    for department in current - departments:
        membership_end(user=user, department=department, at=now)
    for department in departments - current:
        membership_start(user=user, department=department, at=now)
