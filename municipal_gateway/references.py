"""Opaque resident references: one random handle per (resident, department).

A caseworker sees a reference only while they work in its department. A reference tells
nothing by itself: no user id, BSN or vault id, and another department gets another one.
"""

import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import Department, User
from accounts.selectors import memberships_active_at
from consent.selectors import residents_with_current_grant_for_caseworker
from municipal_gateway.models import ResidentReference

REFERENCE_PREFIX = "ref_"


def _new_reference() -> str:
    return REFERENCE_PREFIX + secrets.token_urlsafe(18)


def _department_ids(caseworker: User, at: datetime) -> QuerySet:
    return memberships_active_at(user=caseworker, at=at).values("department_id")


def reference_for_caseworker(
    *, caseworker: User, reference: str, at: datetime
) -> ResidentReference | None:
    """The reference row, with ``held``: whether one of the caseworker's departments at
    ``at`` holds it. Only then may the caseworker know who is behind it."""
    held = memberships_active_at(user=caseworker, at=at).filter(
        department_id=OuterRef("department_id")
    )
    return (
        ResidentReference.objects.select_related("resident", "department__organisation")
        .annotate(held=Exists(held))
        .filter(reference=reference)
        .first()
    )


def reference_get_or_create(*, resident: User, department: Department) -> str:
    existing = ResidentReference.objects.filter(resident=resident, department=department)
    row = existing.only("reference").first()
    if row is not None:
        return row.reference
    try:
        with transaction.atomic():
            return ResidentReference.objects.create(
                resident=resident, department=department, reference=_new_reference()
            ).reference
    except IntegrityError:
        # A concurrent request made it first; theirs is the one.
        return existing.get().reference


@transaction.atomic
def references_for_caseworker(*, caseworker: User) -> QuerySet[ResidentReference]:
    """References of residents with a running grant to the caseworker's departments.

    Missing references are made first. The consent selector does not say which of the
    caseworker's departments a grant is for, so a caseworker in several departments gets
    one reference per department (each still decided on its own department's grants).
    """
    now = timezone.now()
    residents = residents_with_current_grant_for_caseworker(caseworker=caseworker, at=now)
    department_ids = list(_department_ids(caseworker, now).values_list("department_id", flat=True))
    for department_id in department_ids:
        _references_fill(department_id=department_id, residents=residents)
    return (
        ResidentReference.objects.filter(department_id__in=department_ids, resident__in=residents)
        .select_related("department")
        .order_by("created_at", "id")
    )


def _references_fill(*, department_id: int, residents: QuerySet) -> None:
    known = ResidentReference.objects.filter(department_id=department_id).values("resident_id")
    missing = residents.exclude(id__in=known).values_list("id", flat=True)
    ResidentReference.objects.bulk_create(
        [
            ResidentReference(
                resident_id=resident_id, department_id=department_id, reference=_new_reference()
            )
            for resident_id in missing
        ],
        ignore_conflicts=True,
    )
