"""Demo representation for Gemeente Meenthuizen (a ``seed_demo`` step). Idempotent.

alice has authority over Noor (13) and Sem (9); Fenna is dave's bewindvoerder; Gerrit has
authorised his daughter Hanna to answer requests for him. Two registrars registered and
confirmed the relations, as four eyes require.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import User
from consent.services import access_request_create
from representation.constants import RelationKind, Scope
from representation.models import Relation
from representation.services import (
    birth_date_set,
    machtiging_create,
    relation_confirm,
    relation_register,
)
from vault.constants import Category
from vault.services import resident_create

SEM_BSN = "999990019"
GERRIT_WMO_REQUEST = "Aanvraag huishoudelijke hulp na ziekenhuisopname"


def _user(username: str) -> User:
    return get_user_model()._default_manager.get(username=username)


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
    if Relation.objects.filter(subject=subject, representative=representative, kind=kind).exists():
        return
    relation = relation_register(
        registrar=_user("rita"),
        subject=subject,
        representative=representative,
        kind=kind,
        evidence=evidence,
        valid_from=timezone.now() - timedelta(days=400),
    )
    relation_confirm(registrar=_user("ruben"), relation_id=relation.pk)


def representation_seed() -> None:
    alice, noor, sem = _user("alice"), _user("noor"), _sem()
    birth_date_set(resident=noor, born_on=_years_ago(13, 100))
    birth_date_set(resident=sem, born_on=_years_ago(9, 40))
    for child in (noor, sem):
        _registered(child, alice, RelationKind.PARENTAL_AUTHORITY, "Gezagsregister 2026-0042")
    _registered(_user("dave"), _user("fenna"), RelationKind.BEWIND, "C/08/301234 / FA RK 25-1234")
    gerrit, hanna = _user("gerrit"), _user("hanna")
    if not Relation.objects.filter(subject=gerrit, kind=RelationKind.MACHTIGING).exists():
        machtiging_create(
            resident=gerrit,
            holder=hanna,
            scopes=[Scope.CONSENT, Scope.LOG],
            categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.HOUSING, Category.HEALTH],
            valid_until=timezone.now() + timedelta(days=365),
        )
        access_request_create(
            caseworker=_user("bob"),
            purpose_code="wmo-huishoudelijke-hulp",
            categories=[Category.IDENTITY, Category.HOUSEHOLD, Category.HEALTH],
            reason=GERRIT_WMO_REQUEST,
            bsn="999990020",
        )
