"""A realistic Dutch demo for Gemeente Meenthuizen. Idempotent: running it again adds nothing.

Each capability adds its own demo data as one more entry in ``SEED_STEPS``: a dotted path
to a function without arguments that is itself idempotent. The steps run in order, in one
transaction, through the services of their app.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.constants import Role
from accounts.selectors import department_get, organisation_get
from accounts.services import (
    department_get_or_create,
    membership_start,
    organisation_get_or_create,
    user_create,
)
from vault.constants import Provenance
from vault.selectors import record_list_for_resident
from vault.services import DocumentUpload, record_create, record_update, resident_create

_SEED = "vault.management.commands.seed_demo"
SEED_STEPS: list[str] = [
    f"{_SEED}.seed_organisations",
    f"{_SEED}.seed_people",
    f"{_SEED}.seed_vault_records",
    "municipal_gateway.services.demo_access_seed",
    "municipal_gateway.demo.neighbourhood_seed",
    "council.demo.statistics_seed",
    "objections.demo.objection_seed",
    "representation_portal.demo.representation_seed",
    # A first signed checkpoint, for the council's demo witness (make witness) to cosign.
    "municipal_gateway.services.checkpoint_create",
]

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
    # Representation (representation_portal.demo): Noor is alice's daughter (13); Fenna is dave's
    # bewindvoerder; Gerrit authorised his daughter Hanna; two registrars for four eyes.
    ("noor", "noor-demo-2026", Role.RESIDENT, "Noor", "de Vries", "999990032", []),
    ("fenna", "fenna-demo-2026", Role.RESIDENT, "Fenna", "Mulder", "999990044", []),
    ("gerrit", "gerrit-demo-2026", Role.RESIDENT, "Gerrit", "Hendriks", "999990020", []),
    ("hanna", "hanna-demo-2026", Role.RESIDENT, "Hanna", "Hendriks", "999990056", []),
    ("rita", "rita-demo-2026", Role.REGISTRAR, "Rita", "Kramer", "", []),
    ("ruben", "ruben-demo-2026", Role.REGISTRAR, "Ruben", "Dijkstra", "", []),
]


def _demo_pdf(text: str) -> bytes:
    """A small, valid one-page PDF, built by hand so the demo needs no PDF library."""
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(pdf + b"startxref\n%d\n%%%%EOF\n" % xref)


def seed_organisations() -> None:
    municipality = organisation_get_or_create(name=MUNICIPALITY, oin="00000001234567890000")
    for code, name in DEPARTMENTS:
        department_get_or_create(organisation=municipality, code=code, name=name)
    for name in SOURCE_ORGANISATIONS:
        organisation_get_or_create(name=name)


def _person(username: str, password: str, role: str, first: str, last: str, bsn: str) -> Any:
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
    """The start of last year: the demo's history (municipal_gateway.demo) goes back that far."""
    now = timezone.localtime()
    return now.replace(year=now.year - 1, month=1, day=1, hour=0, minute=0, second=0)


def seed_people() -> None:
    for username, password, role, first, last, bsn, departments in CAST:
        user = _person(username, password, role, first, last, bsn)
        for code in departments:
            department = department_get(code=code)
            assert department is not None, "seed_organisations runs first"
            membership_start(user=user, department=department, at=_staff_since())


def _records_for(username: str) -> list[dict[str, Any]]:
    uwv, belastingdienst = (organisation_get(name=name) for name in SOURCE_ORGANISATIONS)
    from_uwv = {"provenance": Provenance.ORGANISATION, "source_organisation": uwv}
    from_tax = {"provenance": Provenance.ORGANISATION, "source_organisation": belastingdienst}
    records: dict[str, list[dict[str, Any]]] = {
        "alice": [
            {
                "record_type": "identity_contact",
                "title": "Contactgegevens",
                "content": {
                    "name": "Alice de Vries",
                    "address": "Lindelaan 12",
                    "postcode": "7701 AB",
                    "city": "Meenthuizen",
                    "phone": "06-12345678",
                },
            },
            {
                "record_type": "household",
                "title": "Samenstelling huishouden",
                "content": {"adults": 1, "children": 1, "members": ["Alice", "Noor (2015)"]},
            },
            {
                "record_type": "income",
                "title": "WW-uitkering",
                "content": {
                    "source": "unemployment_benefit",
                    "amount_per_month": 1450.0,
                    "period_start": "2026-03-01",
                },
                "document": DocumentUpload(
                    data=_demo_pdf("Beschikking WW-uitkering - Alice de Vries"),
                    filename="beschikking-ww.pdf",
                    content_type="application/pdf",
                ),
                **from_uwv,
            },
            {
                "record_type": "care_needs",
                "title": "Zorgbehoefte",
                "content": {
                    "support": ["household_help"],
                    "aids": ["walker"],
                    "household_help_hours": 2,
                },
                # Edited later, so the demo shows an earlier version.
                "update": {
                    "content": {
                        "support": ["household_help"],
                        "aids": ["walker"],
                        "household_help_hours": 3,
                    }
                },
            },
            {
                "record_type": "zrm",
                "title": "Zelfredzaamheidsmatrix",
                "content": {
                    "assessment_date": "2026-04-14",
                    "assessor": "Team Wmo, Gemeente Meenthuizen",
                    "finances": 3,
                    "housing": 4,
                    "physical_health": 2,
                    "basic_adl": 3,
                    "social_network": 4,
                },
            },
            {
                "record_type": "debts",
                "title": "Betalingsregeling toeslagen",
                "content": {
                    "creditor": "Belastingdienst",
                    "amount": 820.0,
                    "arrangement": "payment_plan",
                    "monthly_payment": 45.0,
                },
                **from_tax,
            },
        ],
        "dave": [
            {
                "record_type": "housing",
                "title": "Huurwoning",
                "content": {
                    "housing_type": "social_rent",
                    "landlord": "Woonstichting Meenthuizen",
                    "rent_per_month": 712.5,
                },
            },
            {
                "record_type": "work",
                "title": "Re-integratietraject",
                "content": {
                    "situation": "reintegration",
                    "organisation": "Werkfit",
                    "start_date": "2026-05-01",
                    "hours_per_week": 16,
                },
                **from_uwv,
            },
            {
                "record_type": "income",
                "title": "Inkomensgegevens 2025",
                "content": {
                    "amount_per_year": 23650,
                    "period_start": "2025-01-01",
                    "period_end": "2025-12-31",
                },
                **from_tax,
            },
        ],
    }
    return records[username]


def seed_vault_records() -> None:
    for username in ("alice", "dave"):
        resident = get_user_model()._default_manager.get(username=username)
        existing = {record.title for record in record_list_for_resident(resident=resident)}
        for spec in _records_for(username):
            if spec["title"] in existing:
                continue
            update = spec.pop("update", None)
            record = record_create(resident=resident, **spec)
            if update:
                record_update(resident=resident, record_id=record.id, **update)


class Command(BaseCommand):
    help = "Load the Meenthuizen demo (residents, caseworkers, council, records). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            # It makes accounts whose passwords are in the README, a superuser among them.
            raise CommandError("seed_demo never runs with DJANGO_ENV=production")
        with transaction.atomic():
            for step in SEED_STEPS:
                import_string(step)()
        self.stdout.write(self.style.SUCCESS("Demo data for Gemeente Meenthuizen is ready."))
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role, *_rest in CAST:
            self.stdout.write(f"  {username:<8} {password:<18} {Role(role).label}")
