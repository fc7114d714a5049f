"""Input and output of the caseworker gateway API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from consent.constants import MAX_CASE_REFERENCE_LENGTH, MAX_REASON_LENGTH
from vault.constants import Category


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
