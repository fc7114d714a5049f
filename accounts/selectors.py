from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

# How a login's browser is named in messages (notifications shows it).
from accounts.clients import browser_label as browser_label

# How a login's browser is named in messages (notifications shows it).
from accounts.constants import Role
from accounts.models import (
    Department,
    LoginEvent,
    Membership,
    Organisation,
    User,
)
from accounts.tokens import digests_match, token_digest, token_prefix
from datameent.rows import instance

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


# Every API call with a token starts here: plain SQL, so nothing is compiled per call, and
# psycopg prepares it on PostgreSQL (DATABASES OPTIONS ``prepare_threshold``).
_TOKEN_SQL = (
    "SELECT t.digest, "
    + ", ".join(f"u.{name}" for name in _TOKEN_USER_FIELDS)
    + " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " WHERE t.prefix = %s AND t.revoked_at IS NULL AND u.is_active"
    " AND (t.expires_at IS NULL OR t.expires_at > %s)"
)


def api_token_user(*, token: str, at: datetime) -> User | None:
    """The active user behind a token, or None. Constant-time digest comparison."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [prefix, connection.ops.adapt_datetimefield_value(at)])
        row = cursor.fetchone()
    if row is None or not digests_match(row[0], token_digest(token)):
        return None
    values: dict[str, Any] = {
        name: bool(value) if name.startswith("is_") else value
        for name, value in zip(_TOKEN_USER_FIELDS, row[1:], strict=True)
    }
    # The fields a request needs; any other is read from the database only if used.
    user: User = instance(User, **values)
    return user


def user_is_resident(*, username: str) -> bool:
    return User.objects.filter(username=username, role=Role.RESIDENT).exists()


def login_events_for_resident(*, resident: User) -> QuerySet[LoginEvent]:
    return LoginEvent.objects.filter(resident=resident)


def login_export_section(*, resident: User, whose: str | None = None) -> dict[str, Any]:
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
