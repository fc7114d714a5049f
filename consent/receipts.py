"""Plain-data views of consent rows: receipts, and the parts of the resident's export.

A receipt follows the consent record of ISO/IEC TS 27560:2023 as the W3C Data Privacy
Vocabulary expresses it (https://w3id.org/dpv/guides/consent-27560): field names from the
standard, values as DPV terms. The subject appears only under its pseudonym.
"""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from consent.constants import (
    DPV_CONSENT_STATUS,
    JURISDICTION,
    EventKind,
    GrantStatus,
    LegalDomain,
)
from consent.models import AccessRequest, ConsentEvent, Grant, PurposeVersion
from vault.constants import Category

SCHEMA_VERSION = "ISO/IEC TS 27560:2023"
PROFILE = "https://w3id.org/dpv/schema/iso-27560#receipt-full"
CONTEXT = {"dpv": "https://w3id.org/dpv#", "dct": "http://purl.org/dc/terms/"}
# Keyed by plain str, so a ConsentEvent.kind (a str from the database) can look it up.
_STATE: dict[str, str] = {
    EventKind.GRANTED: "given",
    EventKind.AMENDED: "given",
    EventKind.REVOKED: "withdrawn",
    EventKind.EXPIRED: "expired",
}


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def purpose_summary(version: PurposeVersion) -> dict[str, Any]:
    return {
        "code": version.purpose.code,
        "version": version.version,
        "name_nl": version.name_nl,
        "name_en": version.name_en,
        "legal_domain": version.legal_domain,
        "dpv_purpose": version.dpv_purpose,
        "legal_basis": version.legal_basis,
    }


def grant_summary(grant: Grant, *, status: GrantStatus) -> dict[str, Any]:
    return {
        "id": str(grant.id),
        "purpose": purpose_summary(grant.purpose_version),
        "department": grant.department.name,
        "categories": list(grant.categories),
        "valid_from": _time(grant.valid_from),
        "valid_until": _time(grant.valid_until),
        "revoked_at": _time(grant.revoked_at),
        "amended_from": str(grant.amended_from_id) if grant.amended_from_id else None,
        "status": status,
        "created_at": _time(grant.created_at),
    }


def event_summary(event: ConsentEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "occurred_at": _time(event.occurred_at),
        "purpose": event.purpose_version.purpose.code,
        "purpose_version": event.purpose_version.version,
        "categories": list(event.categories),
        "grant": str(event.grant_id) if event.grant_id else None,
        "access_request": str(event.access_request_id) if event.access_request_id else None,
    }


def request_summary(request: AccessRequest) -> dict[str, Any]:
    return {
        "id": str(request.id),
        "purpose": purpose_summary(request.purpose_version),
        "department": request.department.name,
        "categories": list(request.categories),
        "reason": request.reason,
        "case_reference": request.case_reference,
        "status": getattr(request, "current_status", request.status),
        "created_at": _time(request.created_at),
        "expires_at": _time(request.expires_at),
        "answered_at": _time(request.answered_at),
        "response_message": request.response_message,
        "grant": str(request.grant_id) if request.grant_id else None,
    }


def _withdrawal_url(grant: Grant) -> str:
    path = reverse("consent-api:consent-revoke", kwargs={"grant_id": str(grant.id)})
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def _processing(grant: Grant) -> dict[str, Any]:
    version = grant.purpose_version
    controller = grant.department.organisation.name
    return {
        "purpose_id": version.purpose.code,
        "purpose_version": version.version,
        "purpose": version.name_nl,
        "purpose_en": version.name_en,
        "purpose_description": version.description_nl,
        "purpose_type": version.dpv_purpose,
        "lawful_basis": version.legal_basis,
        "legal_domain": LegalDomain(version.legal_domain).label,
        "pii_information": [
            {"pii_type": value, "pii_label": str(Category(value).label)}
            for value in grant.categories
        ],
        "pii_controllers": [controller],
        "recipients": [grant.department.name],
        "retention_period": f"P{version.retention_days}D",
        "jurisdiction": JURISDICTION,
        "withdrawal_method": _withdrawal_url(grant),
    }


def _events(grant: Grant, *, subject: str) -> list[dict[str, Any]]:
    return [
        {
            "event_time": _time(event.occurred_at),
            "event_type": event.kind,
            "entity_id": subject,
            "type": "explicit",
            "state": _STATE.get(event.kind, event.kind),
        }
        for event in grant.events.order_by("occurred_at", "id")
    ]


def receipt(grant: Grant, *, status: GrantStatus, now: datetime) -> dict[str, Any]:
    """A fresh receipt for one grant: its record id is stable, its receipt id is new."""
    subject = f"urn:uuid:{grant.subject.pseudonym}"
    return {
        "@context": CONTEXT,
        "@type": "dpv:ConsentRecord",
        "schema_version": SCHEMA_VERSION,
        "profile": PROFILE,
        "receipt_id": str(uuid.uuid4()),
        "receipt_timestamp": _time(now),
        "record_id": str(grant.id),
        "language": "nl",
        "pii_principal_id": subject,
        "pii_controller": {
            "party_name": grant.department.organisation.name,
            "party_role": "PII Controller",
            "party_type": "dpv:DataController",
            "party_id": grant.department.organisation.oin or None,
        },
        "consent_status": DPV_CONSENT_STATUS[status],
        "status": status,
        "pii_processing": {"language": "nl", "purposes": [_processing(grant)]},
        "validity": {
            "valid_from": _time(grant.valid_from),
            "valid_until": _time(grant.valid_until),
            "revoked_at": _time(grant.revoked_at),
        },
        "amended_from": str(grant.amended_from_id) if grant.amended_from_id else None,
        "event": _events(grant, subject=subject),
    }
