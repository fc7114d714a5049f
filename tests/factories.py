"""factory_boy factories for people and vault records. They create through the services,
so every record is really encrypted and every resident really has a vault."""

from typing import Any

import factory

from accounts.constants import Role
from accounts.models import Department, Organisation, User
from accounts.services import (
    department_get_or_create,
    membership_start,
    organisation_get_or_create,
    user_create,
)
from vault.constants import Category, Provenance
from vault.models import Record
from vault.services import DocumentUpload, record_create, resident_create

PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def valid_bsn(n: int) -> str:
    """The n-th of a series of distinct BSNs that pass the eleven test (elfproef)."""
    # Even prefixes belong to n; the odd one after it is only a fallback, so no two n collide.
    for prefix in (20_000_000 + 2 * n, 20_000_001 + 2 * n):
        digits = [int(c) for c in str(prefix)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return f"{prefix}{check}"
    raise AssertionError("unreachable: two consecutive prefixes never both fail")


def pdf_upload(data: bytes = PDF_BYTES, filename: str = "beschikking.pdf") -> DocumentUpload:
    return DocumentUpload(data=data, filename=filename, content_type="application/pdf")


class OrganisationFactory(factory.Factory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    oin = ""

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Organisation:
        return organisation_get_or_create(**kwargs)


class DepartmentFactory(factory.Factory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Department:
        return department_get_or_create(**kwargs)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    password = "demo-wachtwoord-2026"
    role = Role.COUNCIL
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> User:
        return user_create(**kwargs)


class ResidentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"inwoner{n}")
    role = Role.RESIDENT
    bsn = factory.Sequence(valid_bsn)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> User:
        kwargs.pop("role")
        return resident_create(**kwargs)


class CaseworkerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"medewerker{n}")
    role = Role.CASEWORKER

    @factory.post_generation
    def departments(self, create: bool, extracted: list[Department] | None, **kwargs: Any) -> None:
        for department in extracted or []:
            membership_start(user=self, department=department)


class RecordFactory(factory.Factory):
    """A record sealed by ``record_create``; pass ``document=pdf_upload()`` for a document."""

    class Meta:
        model = Record

    resident = factory.SubFactory(ResidentFactory)
    category = Category.INCOME
    title = factory.Sequence(lambda n: f"Loonstrook {n}")
    content = factory.Sequence(lambda n: {"maand": n % 12 + 1, "netto": 1800.0 + n})
    provenance = Provenance.RESIDENT
    source_organisation = None
    document = None
    erase_after = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Record:
        return record_create(**kwargs)
