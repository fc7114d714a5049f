"""Writes for consent. Other apps use these names only (``consent.services.<name>``)."""

from consent.services.common import latest_valid_until
from consent.services.erasure import consent_erase_for_resident
from consent.services.grants import (
    grant_agree,
    grant_amend,
    grant_create,
    grant_expiries_record,
    grant_revoke,
)
from consent.services.purposes import (
    purpose_version_check,
    purpose_version_create,
    purposes_seed,
)
from consent.services.requests import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    access_requests_expire,
)

__all__ = [
    "access_request_approve",
    "access_request_create",
    "access_request_deny",
    "access_requests_expire",
    "consent_erase_for_resident",
    "grant_amend",
    "grant_create",
    "grant_expiries_record",
    "grant_agree",
    "grant_revoke",
    "latest_valid_until",
    "purpose_version_check",
    "purpose_version_create",
    "purposes_seed",
]
