"""Documents attached to a record: checked by size and by their first bytes, and named
safely for the Content-Disposition header they are downloaded with."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from vault.constants import DOCUMENT_CONTENT_TYPES
from vault.exceptions import ContentTooLarge, InvalidDocument

_MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


@dataclass(frozen=True)
class DocumentUpload:
    data: bytes
    filename: str
    content_type: str


def document_validate(document: DocumentUpload) -> None:
    if len(document.data) > settings.VAULT_MAX_DOCUMENT_BYTES:
        raise ContentTooLarge(
            f"A document may be at most {settings.VAULT_MAX_DOCUMENT_BYTES} bytes.",
            code="document_too_large",
        )
    if document.content_type not in DOCUMENT_CONTENT_TYPES or not document.data.startswith(
        _MAGIC[document.content_type]
    ):
        raise InvalidDocument()


def _clean_filename(filename: str) -> str:
    # The name ends up in a Content-Disposition header: no paths, no control characters.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:200] or "document"


def document_meta(document: DocumentUpload) -> dict[str, Any]:
    return {
        "filename": _clean_filename(document.filename),
        "content_type": document.content_type,
        "size": len(document.data),
    }
