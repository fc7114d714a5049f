"""The demo residents' records: typed, some from an organisation, one with a PDF and one
edited later so that it shows an earlier version."""

from typing import Any

from accounts.selectors import organisation_get
from demo.cast import SOURCE_ORGANISATIONS, demo_user
from vault.constants import Provenance
from vault.selectors import record_list_for_resident
from vault.services import DocumentUpload, record_create, record_update


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
        resident = demo_user(username)
        existing = {record.title for record in record_list_for_resident(resident=resident)}
        for spec in _records_for(username):
            if spec["title"] in existing:
                continue
            update = spec.pop("update", None)
            record = record_create(resident=resident, **spec)
            if update:
                record_update(resident=resident, record_id=record.id, **update)
