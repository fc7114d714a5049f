"""Request parsers for the resident API that keep vault plaintext bounded and in memory.

DRF's own parsers read a body of any size and let a multipart upload spill into a temporary
file on disk. These read at most a fixed number of bytes and never touch the disk.
"""

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, DataAndFiles, JSONParser

from datameent.parsers import json_load
from vault.exceptions import ContentTooLarge

# The service enforces the exact limit on the encoded record; this only bounds memory.
BODY_SIZE_FACTOR = 4


def _document_too_large() -> ContentTooLarge:
    limit = settings.VAULT_MAX_DOCUMENT_BYTES
    return ContentTooLarge(
        _("Een document mag hoogstens %(limit)s bytes groot zijn.") % {"limit": limit},
        code="document_too_large",
    )


class BoundedJSONParser(JSONParser):
    """JSON with the record's size limit (413) and the depth limit (400, datameent.parsers)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit = BODY_SIZE_FACTOR * settings.VAULT_MAX_CONTENT_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise ContentTooLarge(
                _("Het verzoek is te groot. Het mag hoogstens %(limit)s bytes zijn.")
                % {"limit": limit}
            )
        return json_load(raw)


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps a multipart upload in memory and stops as soon as it exceeds the document limit."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > settings.VAULT_MAX_DOCUMENT_BYTES:
            raise _document_too_large()
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


def _filename(request: Any) -> str | None:
    header = request.META.get("HTTP_CONTENT_DISPOSITION", "")
    try:
        return parse_header_parameters(header)[1].get("filename")
    except ValueError:
        raise ParseError(_("De Content-Disposition-header is ongeldig.")) from None


class _DocumentBodyParser(BaseParser):
    """A raw document body; the file name may come from a Content-Disposition header."""

    extension = ""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit = settings.VAULT_MAX_DOCUMENT_BYTES
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise _document_too_large()
        request = (parser_context or {})["request"]
        upload = SimpleUploadedFile(
            _filename(request) or f"document.{self.extension}", data, content_type=self.media_type
        )
        # MultiValueDicts on both sides, as for a multipart body, so request.data merges them.
        return DataAndFiles(MultiValueDict(), MultiValueDict({"file": [upload]}))


class PdfParser(_DocumentBodyParser):
    media_type = "application/pdf"
    extension = "pdf"


class PngParser(_DocumentBodyParser):
    media_type = "image/png"
    extension = "png"


class JpegParser(_DocumentBodyParser):
    media_type = "image/jpeg"
    extension = "jpg"
