"""The resident's own vault over HTTP. Thin: parse input, call a service or selector, shape output.

Every view reads only ``request.user``'s own vault, so another resident's record, a
caseworker and a superuser all get a 404. Nothing here is cached by clients or proxies.
"""

from datetime import date
from typing import Any

from django.contrib.auth import logout
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from datameent.api import request_user as resident_of
from datameent.api_schema import error_responses
from datameent.pagination import PageNumberPagination
from vault.api.base import (
    RECORD_ID,
    ResidentApi,
    parse_record_id,
)
from vault.api.parsers import (
    BoundedJSONParser,
    BoundedMemoryUploadHandler,
    JpegParser,
    PdfParser,
    PngParser,
)
from vault.api.schema import DeleteWithBodySchema
from vault.api.serializers import (
    RecordOutputSerializer,
    RecordPageSerializer,
    RecordVersionOutputSerializer,
)
from vault.constants import Category
from vault.record_types import record_types
from vault.selectors import (
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    resident_export,
)
from vault.services import (
    CATEGORY_DEFAULT,
    MAX_TITLE_LENGTH,
    DocumentUpload,
    record_create,
    record_delete,
    record_document_remove,
    record_update,
    vault_erase,
)

ERASE_CONFIRMATION = "VERWIJDER MIJN KLUIS"


def _attachment(filename: str) -> str:
    return content_disposition_header(True, filename) or "attachment"


def _type_codes() -> list[str]:
    return [kind.code for kind in record_types()]


class _UpdateInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=Category.choices,
        required=False,
        help_text="Optional when `type` is given: the type's category.",
    )
    type = serializers.ChoiceField(
        choices=_type_codes(),
        required=False,
        help_text=(
            "The record type (`/api/v1/record-types/`); `content` must fit its schema. "
            "Default: the record's type, or else the category's main type."
        ),
    )
    title = serializers.CharField(max_length=MAX_TITLE_LENGTH)
    content = serializers.DictField(child=serializers.JSONField())
    erase_after = serializers.DateField(required=False, allow_null=True)


@extend_schema(tags=["vault"])
class RecordListApi(ResidentApi):
    parser_classes = [BoundedJSONParser]

    class FilterSerializer(serializers.Serializer):
        category = serializers.ChoiceField(
            choices=Category.choices, required=False, allow_blank=True
        )

    class RecordCreateInputSerializer(_UpdateInputSerializer):
        pass

    @extend_schema(
        operation_id="me_records_list",
        parameters=[FilterSerializer, OpenApiParameter("page", OpenApiTypes.INT)],
        responses={200: RecordPageSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        records = record_list_for_resident(resident=resident_of(request), **filters.validated_data)
        paginator = PageNumberPagination()
        # A list pages just like a queryset; the stubs only know the latter.
        page: list | None = paginator.paginate_queryset(records, request, view=self)  # type: ignore[arg-type]
        return paginator.get_paginated_response(RecordOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="me_records_create",
        request=RecordCreateInputSerializer,
        responses={201: RecordOutputSerializer, **error_responses(400, 404, 413, 415)},
    )
    def post(self, request: Request) -> Response:
        serializer = self.RecordCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        record_type = fields.pop("type", CATEGORY_DEFAULT)
        record = record_create(resident=resident_of(request), record_type=record_type, **fields)
        data = record_get_for_resident(resident=resident_of(request), record_id=record.id)
        return Response(RecordOutputSerializer(data).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["vault"], parameters=[RECORD_ID])
class RecordDetailApi(ResidentApi):
    parser_classes = [BoundedJSONParser]

    class RecordUpdateInputSerializer(_UpdateInputSerializer):
        pass

    @extend_schema(responses={200: RecordOutputSerializer, **error_responses(404)})
    def get(self, request: Request, record_id: str) -> Response:
        data = record_get_for_resident(
            resident=resident_of(request), record_id=parse_record_id(record_id)
        )
        return Response(RecordOutputSerializer(data).data)

    @extend_schema(
        description="Replace title, content and category; this saves a new version.",
        request=RecordUpdateInputSerializer,
        responses={200: RecordOutputSerializer, **error_responses(400, 404, 413, 415)},
    )
    def put(self, request: Request, record_id: str) -> Response:
        return self._update(request, record_id, partial=False)

    @extend_schema(
        description="Change some fields; this saves a new version.",
        request=RecordUpdateInputSerializer(partial=True),
        responses={200: RecordOutputSerializer, **error_responses(400, 404, 413, 415)},
    )
    def patch(self, request: Request, record_id: str) -> Response:
        return self._update(request, record_id, partial=True)

    @extend_schema(responses={204: None, **error_responses(404)})
    def delete(self, request: Request, record_id: str) -> Response:
        record_delete(resident=resident_of(request), record_id=parse_record_id(record_id))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, record_id: str, *, partial: bool) -> Response:
        uuid = parse_record_id(record_id)
        serializer = self.RecordUpdateInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if not partial:
            changes.setdefault("erase_after", None)
        changes["record_type"] = changes.pop("type", CATEGORY_DEFAULT)
        record_update(resident=resident_of(request), record_id=uuid, **changes)
        data = record_get_for_resident(resident=resident_of(request), record_id=uuid)
        return Response(RecordOutputSerializer(data).data)


@extend_schema(tags=["vault"], parameters=[RECORD_ID])
class RecordVersionsApi(ResidentApi):
    @extend_schema(
        description="All versions of a record, the current one first.",
        responses={200: RecordVersionOutputSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, record_id: str) -> Response:
        versions = record_versions_for_resident(
            resident=resident_of(request), record_id=parse_record_id(record_id)
        )
        return Response(RecordVersionOutputSerializer(versions, many=True).data)


class _AnyAcceptNegotiation(DefaultContentNegotiation):
    """A download answers in the document's own type, whatever the client says it accepts."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


_DOCUMENT_TYPES = ("application/pdf", "image/png", "image/jpeg")


@extend_schema(tags=["vault"], parameters=[RECORD_ID])
class RecordDocumentApi(ResidentApi):
    parser_classes = [MultiPartParser, PdfParser, PngParser, JpegParser]
    content_negotiation_class = _AnyAcceptNegotiation

    class DocumentUploadInputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        description="Download the document (as an attachment).",
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in _DOCUMENT_TYPES},
            **error_responses(404),
        },
    )
    def get(self, request: Request, record_id: str) -> HttpResponse:
        meta, data = record_document_for_resident(
            resident=resident_of(request), record_id=parse_record_id(record_id)
        )
        response = HttpResponse(data, content_type=meta["content_type"])
        response["Content-Disposition"] = _attachment(meta["filename"])
        return response

    @extend_schema(
        description=(
            "Attach or replace the document (PDF, PNG or JPEG); this saves a new version. "
            "Send multipart/form-data with field `file`, or the raw file with its own "
            "Content-Type and optionally `Content-Disposition: attachment; filename=...`."
        ),
        request={
            "multipart/form-data": DocumentUploadInputSerializer,
            **{media: OpenApiTypes.BINARY for media in _DOCUMENT_TYPES},
        },
        responses={200: RecordOutputSerializer, **error_responses(400, 404, 413, 415)},
    )
    def put(self, request: Request, record_id: str) -> Response:
        uuid = parse_record_id(record_id)
        request.upload_handlers = [BoundedMemoryUploadHandler(request)]
        serializer = self.DocumentUploadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        document = DocumentUpload(
            data=upload.read(), filename=upload.name or "", content_type=upload.content_type
        )
        record_update(resident=resident_of(request), record_id=uuid, document=document)
        data = record_get_for_resident(resident=resident_of(request), record_id=uuid)
        return Response(RecordOutputSerializer(data).data)

    @extend_schema(
        description="Remove the document; this saves a new version.",
        responses={204: None, **error_responses(404)},
    )
    def delete(self, request: Request, record_id: str) -> Response:
        record_document_remove(resident=resident_of(request), record_id=parse_record_id(record_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["vault"])
class ExportApi(ResidentApi):
    @extend_schema(
        description="The whole vault, decrypted, as a JSON download. See docs/export-format.md.",
        responses={200: OpenApiTypes.OBJECT, **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        document = resident_export(resident=resident_of(request))
        filename = f"datameent-export-{date.today().isoformat()}.json"
        return Response(document, headers={"Content-Disposition": _attachment(filename)})


@extend_schema(tags=["vault"])
class VaultEraseApi(ResidentApi):
    parser_classes = [BoundedJSONParser]
    schema = DeleteWithBodySchema()

    class VaultEraseInputSerializer(serializers.Serializer):
        confirm = serializers.ChoiceField(
            choices=[ERASE_CONFIRMATION],
            help_text=f"Must be exactly `{ERASE_CONFIRMATION}`.",
            error_messages={
                "required": format_lazy(_("Typ ter bevestiging: {}"), ERASE_CONFIRMATION),
                "invalid_choice": format_lazy(
                    _("Typ ter bevestiging precies: {}"), ERASE_CONFIRMATION
                ),
            },
        )

    @extend_schema(
        description=(
            "Erase the vault and the account for good. The data key is destroyed first, so "
            "nothing can be decrypted afterwards. Logs the session out."
        ),
        request=VaultEraseInputSerializer,
        responses={204: None, **error_responses(400, 404, 415)},
    )
    def delete(self, request: Request) -> Response:
        serializer = self.VaultEraseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vault_erase(resident=resident_of(request))
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
