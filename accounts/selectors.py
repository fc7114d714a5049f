from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.models import ApiToken, Department, Membership, Organisation, User
from accounts.tokens import digests_match, token_digest, token_prefix


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


def api_token_user(*, token: str, at: datetime) -> User | None:
    """The active caseworker behind a token, or None. Constant-time digest comparison."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at=None, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .first()
    )
    if api_token is None or not digests_match(api_token.digest, token_digest(token)):
        return None
    return api_token.user
