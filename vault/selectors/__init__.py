"""Reads from the vault. This package is the only place that decrypts records.

The owner reads through ``record_*_for_resident`` (``records``). Anyone else reads only
through ``records_for_decision`` (``decisions``), which demands a decision consent sealed.
Other apps import these names from ``vault.selectors``; the modules split them by concern:
``sealed`` (opening), ``records``, ``decisions``, ``export``, ``bsn`` and ``keys``.
"""

# What these selectors raise, and CryptoError from opening data: other apps catch them
# from here (their interface to the vault is its services, selectors and constants).
from vault.exceptions import (
    ConsentRequired,
    CryptoError,
    InvalidBsn,
    RecordNotFound,
    VaultNotFound,
)
from vault.selectors.bsn import (
    bsn_hashes_for_residents,
    bsn_lookup_hash,
    resident_for_bsn_hash,
    vault_for_bsn,
)
from vault.selectors.decisions import RECORDS_SQL, records_for_decision, records_for_decisions
from vault.selectors.export import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    resident_export,
    vault_export_section,
)
from vault.selectors.keys import (
    active_kek_id,
    kek_ids_in_use,
    keyring_status,
    vault_ids_to_rewrap,
)
from vault.selectors.records import (
    record_category_for_resident,
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    vault_for_resident,
)
from vault.selectors.sealed import Opened, RecordData, open_sealed, vault_dek

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ConsentRequired",
    "CryptoError",
    "InvalidBsn",
    "Opened",
    "RecordData",
    "RecordNotFound",
    "VaultNotFound",
    "active_kek_id",
    "bsn_hashes_for_residents",
    "bsn_lookup_hash",
    "kek_ids_in_use",
    "keyring_status",
    "open_sealed",
    "record_document_for_resident",
    "record_get_for_resident",
    "record_category_for_resident",
    "record_list_for_resident",
    "record_versions_for_resident",
    "records_for_decision",
    "records_for_decisions",
    "RECORDS_SQL",
    "resident_export",
    "resident_for_bsn_hash",
    "vault_dek",
    "vault_export_section",
    "vault_for_bsn",
    "vault_for_resident",
    "vault_ids_to_rewrap",
]
