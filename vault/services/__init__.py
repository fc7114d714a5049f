"""Writes to the vault. Every write that touches plaintext seals it here before it is saved.

Other apps import these names from ``vault.services``; the modules split them by concern:
``records``, ``contents`` (what a record holds), ``documents``, ``residents``, ``keys``
(wrapping and rotation) and ``erasure``.
"""

from vault.services.contents import CATEGORY_DEFAULT, MAX_TITLE_LENGTH, UNCHANGED
from vault.services.documents import DocumentUpload
from vault.services.erasure import records_erase_expired, vault_erase, vault_erasures_finish
from vault.services.keys import kek_activate, vault_rewrap_dek, vault_rotate_dek
from vault.services.records import (
    record_create,
    record_delete,
    record_document_remove,
    record_mark_entered_by_representative,
    record_update,
)
from vault.services.residents import resident_create, vault_create

__all__ = [
    "CATEGORY_DEFAULT",
    "MAX_TITLE_LENGTH",
    "UNCHANGED",
    "DocumentUpload",
    "kek_activate",
    "record_create",
    "record_delete",
    "record_document_remove",
    "record_update",
    "record_mark_entered_by_representative",
    "records_erase_expired",
    "resident_create",
    "vault_create",
    "vault_erase",
    "vault_erasures_finish",
    "vault_rewrap_dek",
    "vault_rotate_dek",
]
