"""The demo's representation. Idempotent.

alice has authority over Noor (13) and Sem (9); Fenna is dave's bewindvoerder; Gerrit has
authorised his daughter Hanna to answer requests for him. Two registrars registered and
confirmed the relations, as four eyes require.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from consent.services import access_request_create
from demo.cast import BSN, demo_user
from representation.constants import RelationKind, Scope
from representation.selectors import relations_for_subject
from representation.services import (
    birth_date_set,
    machtiging_create,
    relation_confirm,
    relation_register,
)
from vault.constants import Category
from vault.services import resident_create

if TYPE_CHECKING:
    from accounts.models import User

SEM_BSN = "999990019"
GERRIT_WMO_REQUEST = "Aanvraag huishoudelijke hulp na ziekenhuisopname"


def _years_ago(years: int, days: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _sem() -> User:
    existing = get_user_model()._default_manager.filter(username="sem").first()
    if existing:
        return existing
    # Sem is 9: no login of his own; his mother acts for him.
    return resident_create(
        username="sem", password=None, bsn=SEM_BSN, first_name="Sem", last_name="de Vries"
    )


def _registered(subject: User, representative: User, kind: str, evidence: str) -> None:
    relations = relations_for_subject(subject=subject)
    if relations.filter(representative=representative, kind=kind).exists():
        return
    relation = relation_register(
        registrar=demo_user("rita"),
        subject=subject,
        representative=representative,
        kind=kind,
        evidence=evidence,
        valid_from=timezone.now() - timedelta(days=400),
    )
    relation_confirm(registrar=demo_user("ruben"), relation_id=relation.pk)


def representation_seed() -> None:
    alice, noor, sem = demo_user("alice"), demo_user("noor"), _sem()
    birth_date_set(resident=noor, born_on=_years_ago(13, 100))
    birth_date_set(resident=sem, born_on=_years_ago(9, 40))
    for child in (noor, sem):
        _registered(child, alice, RelationKind.PARENTAL_AUTHORITY, "Gezagsregister 2026-0042")
    _registered(
        demo_user("dave"), demo_user("fenna"), RelationKind.BEWIND, "C/08/301234 / FA RK 25-1234"
    )
    gerrit, hanna = demo_user("gerrit"), demo_user("hanna")
    if not relations_for_subject(subject=gerrit).filter(kind=RelationKind.MACHTIGING).exists():
        machtiging_create(
            resident=gerrit,
            holder=hanna,
            scopes=[Scope.CONSENT, Scope.LOG],
            categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.HOUSING, Category.HEALTH],
            valid_until=timezone.now() + timedelta(days=365),
        )
        access_request_create(
            caseworker=demo_user("bob"),
            purpose_code="wmo-huishoudelijke-hulp",
            categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.HEALTH],
            reason=GERRIT_WMO_REQUEST,
            bsn=BSN["gerrit"],
        )
