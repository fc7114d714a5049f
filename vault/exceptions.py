from django.utils.translation import gettext_lazy as _
from rest_framework import status

from datameent.api import DomainError, NotFound, ServiceUnavailable


class VaultError(DomainError):
    pass


class CryptoError(ServiceUnavailable):
    """Decryption or unwrapping failed: a key is wrong or not loaded, or a ciphertext was
    changed. Never carries plaintext; fails closed.

    A 503 ``vault_unavailable`` for the caller, never a 500: the API answers it as JSON, the
    portal with its 503 page. ``str()`` says what failed, for the server log; the ``detail``
    shown to people says only that the data cannot be opened now.
    """

    code = "vault_unavailable"
    default_detail = _(
        "De gegevens kunnen nu niet worden geopend. Er is niets getoond. Probeer het later."
    )

    def __init__(self, message: str = "") -> None:
        super().__init__()
        if message:
            self.args = (message,)


class UnknownKeyError(CryptoError):
    pass


class DecryptionError(CryptoError):
    pass


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
