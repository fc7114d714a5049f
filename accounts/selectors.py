from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet

# How a login's browser is named in messages (notifications shows it).
from accounts.clients import browser_label as browser_label

# How a login's browser is named in messages (notifications shows it).
from accounts.constants import Role
from accounts.models import (
    ApiToken,
    Department,
    LoginEvent,
    Membership,
    Organisation,
    User,
)
from accounts.tokens import digests_match, token_digest, token_prefix
from datameent.prepared import PreparedQuery, instance

# What a request needs of the caller; the password hash stays in the database.
_TOKEN_USER_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "is_active",
    "is_staff",
    "is_superuser",
)


def memberships_active_at(*, user: User, at: datetime) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, started_at__lte=at).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=at)
    )


def department_ids_for_user(*, user: User, at: datetime) -> set[int]:
    return set(memberships_active_at(user=user, at=at).values_list("department_id", flat=True))


def is_member(*, user: User, department_id: int, at: datetime) -> bool:
    return memberships_active_at(user=user, at=at).filter(department_id=department_id).exists()


def department_get(*, code: str) -> Department | None:
    return Department.objects.select_related("organisation").filter(code=code).first()


def organisation_get(*, name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _token_query(*, prefix: str, at: datetime, **_: object) -> QuerySet:
    """The live token with this prefix and its active user's fields (``caller_<field>``)."""
    user_fields = {f"caller_{name}": F(f"user__{name}") for name in _TOKEN_USER_FIELDS}
    return (
        ApiToken.objects.filter(prefix=prefix, revoked_at=None, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .values("digest", **user_fields)
        .order_by()
    )


# Every API call with a token starts here: compiled once (datameent/prepared.py).
_TOKEN = PreparedQuery("datameent_api_token", _token_query)


def api_token_user(*, token: str, at: datetime) -> User | None:
    """The active user behind a token, or None. Constant-time digest comparison."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    row = _TOKEN.first(prefix=prefix, at=at)
    if row is None or not digests_match(row.digest, token_digest(token)):
        return None
    values = {name: getattr(row, f"caller_{name}") for name in _TOKEN_USER_FIELDS}
    user: User = instance(User, **values)
    return user


def user_is_resident(*, username: str) -> bool:
    return User.objects.filter(username=username, role=Role.RESIDENT).exists()


def login_events_for_resident(*, resident: User) -> QuerySet[LoginEvent]:
    return LoginEvent.objects.filter(resident=resident)


def login_export_section(*, resident: User) -> dict[str, Any]:
    """Export: every login the resident's account saw, as the portal shows them."""
    return {
        "logins": [
            {
                "logged_in_at": event.logged_in_at.isoformat(),
                "network": event.network,
                "browser": event.browser,
                "system": event.system,
                "new_browser": event.new_browser,
            }
            for event in login_events_for_resident(resident=resident)
        ]
    }
