"""The error shapes every API documents, shared so the schema has one ``Error`` component."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable error code, e.g. `record_not_found`.")
    detail = serializers.CharField(help_text="Human-readable explanation.")


class ValidationErrorSerializer(ErrorSerializer):
    # A declared field, popped from the class by DRF's metaclass: no clash with .errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (not on every 400, e.g. invalid_characters).",
        required=False,
    )


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """403 and the given codes; a 400 carries the per-field ``errors``."""
    return {
        code: OpenApiResponse(ValidationErrorSerializer if code == 400 else ErrorSerializer)
        for code in (403, *codes)
    }


def document_invalid_characters(result: dict, generator: object, **kwargs: object) -> dict:
    """Every operation can answer 400 ``invalid_characters`` (datameent.hygiene refuses
    control characters in any input before the view runs): say so where a 400 is missing."""
    error = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if responses is not None and "400" not in responses:
                responses["400"] = {
                    "content": {"application/json": {"schema": error}},
                    "description": "Input with control characters: `invalid_characters`.",
                }
    return result
