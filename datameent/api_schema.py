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
        help_text="Messages per input field.",
    )


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """403 and the given codes; a 400 carries the per-field ``errors``."""
    return {
        code: OpenApiResponse(ValidationErrorSerializer if code == 400 else ErrorSerializer)
        for code in (403, *codes)
    }
