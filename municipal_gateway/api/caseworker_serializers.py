"""Input and output of the caseworker gateway API."""

from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from consent.constants import MAX_CASE_REFERENCE_LENGTH, MAX_REASON_LENGTH
from municipal_gateway.services.reads import ReadResult
from vault.constants import Category
from vault.selectors import RecordData


class StatedReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        max_length=MAX_REASON_LENGTH,
        help_text=_(
            "Waarom u dit doet, in gewone tekst: de inwoner leest dit. Hoogstens 200 tekens. "
            "Mag ook als header X-Reason."
        ),
    )
    case_reference = serializers.CharField(
        required=False,
        max_length=MAX_CASE_REFERENCE_LENGTH,
        help_text=_("Zaaknummer. Mag ook als header X-Case-Reference."),
    )


class RecordsQuerySerializer(StatedReasonSerializer):
    purpose = serializers.SlugField(max_length=60, help_text=_("Code van het doel. Verplicht."))
    category = serializers.ChoiceField(
        choices=Category.choices,
        required=False,
        help_text=_("Soort gegevens. Zonder: alles waar de toestemming over gaat."),
    )


class LookupInputSerializer(StatedReasonSerializer):
    bsn = serializers.CharField(max_length=20, help_text=_("BSN van de inwoner (9 cijfers)."))
    purpose = serializers.SlugField(max_length=60, help_text=_("Code van het doel."))


class LookupResultSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=_("Uw kenmerk voor deze inwoner."))


class GatewayPurposeSerializer(serializers.Serializer):
    code = serializers.CharField(source="purpose.code")
    version = serializers.IntegerField()
    name = serializers.CharField(source="name_nl")
    name_en = serializers.CharField()
    department = serializers.CharField(source="department.code")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))


class ResidentReferenceSerializer(serializers.Serializer):
    reference = serializers.CharField()
    department = serializers.CharField(source="department.code")


class GatewayRecordSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.ChoiceField(choices=Category.choices)
    version = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField(
        source="record_type",
        allow_null=True,
        help_text="The record type (/api/v1/record-types/); null for a record from before types.",
    )
    content = serializers.JSONField()
    document = serializers.JSONField(allow_null=True)
    provenance = serializers.CharField()
    source_organisation = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReadResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    purpose = serializers.CharField(source="purpose_code")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    records = GatewayRecordSerializer(many=True)
    access_log_entry = serializers.UUIDField(
        source="log_entry_id", help_text=_("Het logboekregel-id van deze inzage.")
    )


# -- the read's answer, by hand ------------------------------------------------------------
# ReadResultSerializer describes the answer (the OpenAPI schema is made from it); the read
# path builds it with ``read_shown``, which gives the same JSON at a fraction of the cost:
# DRF's serializers spent some 5% of a read's CPU (py-spy) on fields that need no work.
# tests/municipal_gateway/test_read_shown.py checks the two agree on any read (hypothesis).
_CATEGORIES = {str(code): code for code in Category.values}


def _choice(value: Any) -> Any:
    return value if value in ("", None) else _CATEGORIES.get(str(value), value)


def _moment(value: datetime | None, zone: tzinfo) -> str | None:
    """As DRF's DateTimeField: in the current time zone, ISO 8601, UTC as Z."""
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _record(record: RecordData, zone: tzinfo) -> dict[str, Any]:
    return {
        "id": _text(record.id),
        "category": _choice(record.category),
        "version": None if record.version is None else int(record.version),
        "title": _text(record.title),
        "type": _text(record.record_type),
        "content": record.content,
        "document": record.document,
        "provenance": _text(record.provenance),
        "source_organisation": _text(record.source_organisation),
        "created_at": _moment(record.created_at, zone),
        "updated_at": _moment(record.updated_at, zone),
    }


def read_shown(result: ReadResult) -> dict[str, Any]:
    """What ``ReadResultSerializer(result).data`` is, built directly."""
    zone = timezone.get_current_timezone()
    return {
        "reference": _text(result.reference),
        "purpose": _text(result.purpose_code),
        "categories": [_choice(code) for code in result.categories],
        "records": [_record(record, zone) for record in result.records],
        "access_log_entry": _text(result.log_entry_id),
    }
