"""The register of record types, published: each type's JSON Schema with its words in the
request's language. Nothing personal, so anyone may read it."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datameent.api import NotFound
from vault.exceptions import UnknownRecordType
from vault.record_types import RecordType, record_type_get, record_types


def published(kind: RecordType) -> dict[str, Any]:
    """The schema with a title and description per field, and the words for each choice."""
    properties = {}
    for field in kind.fields:
        prop = {**field.schema, "title": str(field.label)}
        if field.words.help:
            prop["description"] = str(field.words.help)
        if field.words.choices:
            prop["x-enum-labels"] = {str(k): str(v) for k, v in field.words.choices.items()}
        properties[field.key] = prop
    schema = {**kind.schema, "title": str(kind.label), "description": str(kind.help)}
    return {
        "code": kind.code,
        "category": kind.category,
        "label": str(kind.label),
        "help": str(kind.help),
        "schema": {**schema, "properties": properties},
    }


class RecordTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    # Declared fields leave the class when it is built; "label" only shadows for mypy.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="In the request's language (Accept-Language)."
    )
    help = serializers.CharField()
    schema = serializers.JSONField(help_text="JSON Schema (draft 2020-12) for `content`.")


@extend_schema(tags=["record types"])
class RecordTypeListApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="record_types_list",
        description="Every record type: its category and the JSON Schema its content must fit.",
        responses={200: RecordTypeSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response([published(kind) for kind in record_types()])


@extend_schema(
    tags=["record types"],
    parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
)
class RecordTypeDetailApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="record_types_retrieve",
        responses={200: RecordTypeSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        try:
            kind = record_type_get(code)
        except UnknownRecordType as exc:
            raise NotFound(exc.detail, code="record_type_not_found") from None
        return Response(published(kind))
