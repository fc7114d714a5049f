"""The demo's municipality, its departments and its cast (README, "Demo logins")."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import department_get
from accounts.services import (
    department_get_or_create,
    membership_start,
    organisation_get_or_create,
    user_create,
)
from vault.services import resident_create

if TYPE_CHECKING:
    from accounts.models import Department, User

MUNICIPALITY = "Gemeente Meenthuizen"
DEPARTMENTS = [
    ("wmo", "Team Wmo"),
    ("inkomen", "Team Werk en Inkomen"),
    ("schuldhulp", "Team Schuldhulpverlening"),
]
SOURCE_ORGANISATIONS = ["UWV", "Belastingdienst"]

# username, password, role, first name, last name, BSN (residents), department codes
CAST = [
    ("alice", "alice-demo-2026", Role.RESIDENT, "Alice", "de Vries", "111222333", []),
    ("dave", "dave-demo-2026", Role.RESIDENT, "Dave", "Jansen", "123456782", []),
    ("bob", "bob-demo-2026", Role.CASEWORKER, "Bob", "Bakker", "", ["wmo"]),
    ("charlie", "charlie-demo-2026", Role.CASEWORKER, "Charlie", "Smit", "", ["inkomen"]),
    ("carol", "carol-demo-2026", Role.COUNCIL, "Carol", "Visser", "", []),
    ("petra", "petra-demo-2026", Role.PRIVACY_OFFICER, "Petra", "de Groot", "", []),
    # Team lead of Team Wmo: answers the privacy officer's questions about bob's reads.
    ("erin", "erin-demo-2026", Role.CASEWORKER, "Erin", "Mulder", "", ["wmo"]),
    ("root", "root-demo-2026", Role.ADMIN, "Beheerder", "Meenthuizen", "", []),
    # Representation (demo.representation): Noor is alice's daughter (13); Fenna is dave's
    # bewindvoerder; Gerrit authorised his daughter Hanna; two registrars for four eyes.
    ("noor", "noor-demo-2026", Role.RESIDENT, "Noor", "de Vries", "999990032", []),
    ("fenna", "fenna-demo-2026", Role.RESIDENT, "Fenna", "Mulder", "999990044", []),
    ("gerrit", "gerrit-demo-2026", Role.RESIDENT, "Gerrit", "Hendriks", "999990020", []),
    ("hanna", "hanna-demo-2026", Role.RESIDENT, "Hanna", "Hendriks", "999990056", []),
    ("rita", "rita-demo-2026", Role.REGISTRAR, "Rita", "Kramer", "", []),
    ("ruben", "ruben-demo-2026", Role.REGISTRAR, "Ruben", "Dijkstra", "", []),
]
BSN = {username: bsn for username, _password, _role, _first, _last, bsn, _teams in CAST}


def demo_user(username: str) -> User:
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise LookupError(f"the demo needs the user {username!r}; seed_people makes it first")
    return user


def demo_department(code: str) -> Department:
    department = department_get(code=code)
    if department is None:
        raise LookupError(f"the demo needs the department {code!r}; seed_organisations makes it")
    return department


def seed_organisations() -> None:
    municipality = organisation_get_or_create(name=MUNICIPALITY, oin="00000001234567890000")
    for code, name in DEPARTMENTS:
        department_get_or_create(organisation=municipality, code=code, name=name)
    for name in SOURCE_ORGANISATIONS:
        organisation_get_or_create(name=name)


def _person(username: str, password: str, role: str, first: str, last: str, bsn: str) -> User:
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is not None:
        return user
    names = {"first_name": first, "last_name": last, "email": f"{username}@example.nl"}
    if role == Role.RESIDENT:
        return resident_create(username=username, password=password, bsn=bsn, **names)
    is_admin = role == Role.ADMIN
    return user_create(
        username=username,
        password=password,
        role=role,
        is_staff=is_admin,
        is_superuser=is_admin,
        **names,
    )


def _staff_since() -> datetime:
    """The start of last year: the demo's history (demo.gateway) goes back that far."""
    now = timezone.localtime()
    return now.replace(year=now.year - 1, month=1, day=1, hour=0, minute=0, second=0)


def seed_people() -> None:
    for username, password, role, first, last, bsn, departments in CAST:
        user = _person(username, password, role, first, last, bsn)
        for code in departments:
            membership_start(user=user, department=demo_department(code), at=_staff_since())
