"""Opaque resident references: one random handle per (resident, department).

A caseworker sees a reference only while they work in its department. A reference tells
nothing by itself: no user id, BSN or vault id, and another department gets another one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from accounts.selectors import memberships_active_at
from consent.selectors import residents_with_current_grant_for_caseworker
from datameent.rows import instance
from municipal_gateway.models import ResidentReference

if TYPE_CHECKING:
    from accounts.models import Department, User

REFERENCE_PREFIX = "ref_"


def _new_reference() -> str:
    return REFERENCE_PREFIX + secrets.token_urlsafe(18)


def _department_ids(caseworker: User, at: datetime) -> QuerySet:
    return memberships_active_at(user=caseworker, at=at).values("department_id")


@dataclass(frozen=True)
class HeldReference:
    """A reference resolved for one caseworker. ``held``: one of their departments holds it,
    so only then may they know who is behind it. ``resident`` carries its id only."""

    resident: User
    department: Department
    held: bool


def _reference_query(*, reference: str, user_id: int, at: datetime) -> QuerySet:
    held = memberships_active_at(user=get_user_model()(pk=user_id), at=at).filter(
        department_id=OuterRef("department_id")
    )
    return (
        ResidentReference.objects.filter(reference=reference)
        .annotate(
            held=Exists(held),
            department_code=F("department__code"),
            department_name=F("department__name"),
            organisation_id=F("department__organisation_id"),
            organisation_name=F("department__organisation__name"),
            organisation_oin=F("department__organisation__oin"),
        )
        .values(
            "resident_id",
            "department_id",
            "held",
            "department_code",
            "department_name",
            "organisation_id",
            "organisation_name",
            "organisation_oin",
        )
        .order_by()
    )


def _instance(label: str, **values: Any) -> Any:
    """A model instance as the ORM makes it from a row; other fields are read only if used.
    The model by name, from Django's apps registry: accounts' interface is its services and
    selectors; only the instances for this row are built here."""
    return instance(apps.get_model(label), **values)


def held_reference(row: dict[str, Any]) -> HeldReference:
    """The reference as ``_reference_query`` (or the gateway's statement) gives its row."""
    organisation = _instance(
        "accounts.Organisation",
        id=row["organisation_id"],
        name=row["organisation_name"],
        oin=row["organisation_oin"],
    )
    department = _instance(
        "accounts.Department",
        id=row["department_id"],
        code=row["department_code"],
        name=row["department_name"],
        organisation_id=row["organisation_id"],
    )
    department.organisation = organisation
    resident: User = instance(get_user_model(), id=row["resident_id"])
    return HeldReference(resident, department, bool(row["held"]))


def reference_for_caseworker(
    *, caseworker: User, reference: str, at: datetime
) -> HeldReference | None:
    """The resident and department behind ``reference``, and whether ``caseworker`` holds it
    at ``at``; None for a reference that does not exist."""
    row = _reference_query(reference=reference, user_id=caseworker.pk, at=at).first()
    return None if row is None else held_reference(row)


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
