from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.models import Department, Membership, Organisation, User


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
