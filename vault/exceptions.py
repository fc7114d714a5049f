from django.utils.translation import gettext_lazy as _
from rest_framework import status

from datameent.api import DomainError, NotFound, ServiceUnavailable


class VaultError(DomainError):
    pass


class CryptoError(Exception):
    """Decryption or unwrapping failed. Never carries plaintext; fails closed."""


class UnknownKeyError(CryptoError):
    pass


class DecryptionError(CryptoError):
    pass


class VaultUnavailable(ServiceUnavailable, CryptoError):
    """A vault cannot be opened now: a key is wrong or not loaded. Nothing was read.

    Raised by the selectors in place of the ``CryptoError`` (kept as ``__cause__``), so the
    API answers 503 and the portal its 503 page, never a 500.
    """

    code = "vault_unavailable"
    default_detail = _(
        "De gegevens kunnen nu niet worden geopend. Er is niets getoond. Probeer het later."
    )


class RecordNotFound(NotFound):
    code = "record_not_found"
    default_detail = "This record does not exist."


class VaultNotFound(NotFound):
    code = "vault_not_found"
    default_detail = "There is no vault for this account."


class ContentTooLarge(VaultError):
    code = "content_too_large"
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The content is too large."


class InvalidDocument(VaultError):
    code = "invalid_document"
    default_detail = "The document must be a PDF, PNG or JPEG file."


class InvalidBsn(VaultError):
    code = "invalid_bsn"
    default_detail = "This is not a valid BSN."


class BsnTaken(VaultError):
    code = "bsn_taken"
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This BSN already belongs to a resident."


class ConsentRequired(Exception):
    """Raised when a read of someone else's vault is attempted without an allowed decision."""
