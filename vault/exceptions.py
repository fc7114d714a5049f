from typing import Any

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


class UnknownRecordType(VaultError):
    code = "unknown_record_type"
    default_detail = "Unknown record type."


class InvalidRecordContent(VaultError):
    """The content does not fit its record type's schema. The message names the field and
    what it must be, never the value: it may be read back in a log or a bug report."""

    code = "invalid_field"

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field

    @classmethod
    def from_error(cls, error: Any, schema: dict[str, Any]) -> "InvalidRecordContent":
        path = [str(part) for part in error.path]
        if error.validator == "additionalProperties":
            allowed = set(schema["properties"])
            path.append(sorted(set(error.instance) - allowed)[0])
        elif error.validator == "required":
            path.append(next(k for k in error.validator_value if k not in error.instance))
        name = ".".join(["content", *path])
        rule = error.validator
        if rule == "pattern" and error.schema.get("format") == "date":
            rule = "format"
        text = _RULES.get(rule, "has a wrong value").replace("{}", _limit(error.validator_value))
        return cls(f"{name}: {text}", field=name)


def _limit(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


_RULES = {
    "type": "must be of type {}",
    "enum": "must be one of: {}",
    "required": "is required",
    "additionalProperties": "is not a field of this record type",
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "minLength": "may not be empty",
    "maxLength": "may be at most {} characters",
    "pattern": "must be text without control characters or spaces at the start or end",
    "format": "must be a date written as YYYY-MM-DD",
    "minItems": "needs at least {} item",
    "maxItems": "may have at most {} items",
    "uniqueItems": "may name each choice only once",
}
