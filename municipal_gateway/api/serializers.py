import base64
import binascii

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from municipal_gateway.constants import (
    MAX_STATED_REASON_LENGTH,
    FindingKind,
    Outcome,
    WitnessRefusal,
)
from municipal_gateway.summaries import entry_summary, witness_warning


class AccessLogFilterSerializer(serializers.Serializer):
    purpose = serializers.CharField(
        required=False, max_length=100, source="purpose_code", help_text=_("Code van het doel.")
    )
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" and "to" are Python keywords, so they cannot be class attributes.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(
            required=False, source="date_from", help_text=_("Vanaf deze dag (JJJJ-MM-DD).")
        )
        fields["to"] = serializers.DateField(
            required=False, source="date_to", help_text=_("Tot en met deze dag (JJJJ-MM-DD).")
        )
        return fields


class AccessLogCaseworkerSerializer(serializers.Serializer):
    name = serializers.CharField(source="caseworker_name")
    department_code = serializers.CharField()
    department_name = serializers.CharField()
    organisation_name = serializers.CharField()
    organisation_oin = serializers.CharField()


class AccessLogPurposeSerializer(serializers.Serializer):
    code = serializers.CharField(source="purpose_code")
    version = serializers.IntegerField(source="purpose_version", allow_null=True)
    name = serializers.CharField(source="purpose_name")


class AccessLogEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    seq = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    summary = serializers.SerializerMethodField()
    operation = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField()
    caseworker = AccessLogCaseworkerSerializer(source="*")
    purpose = AccessLogPurposeSerializer(source="*")
    legal_basis = serializers.CharField()
    grant_id = serializers.CharField()
    categories_requested = serializers.ListField(child=serializers.CharField())
    categories_returned = serializers.ListField(child=serializers.CharField())
    record_ids = serializers.ListField(child=serializers.UUIDField())
    stated_reason = serializers.CharField(max_length=MAX_STATED_REASON_LENGTH)
    trace_id = serializers.CharField()
    span_id = serializers.CharField()
    parent_span_id = serializers.CharField()
    request_id = serializers.CharField()
    prev_hash = serializers.CharField()
    entry_hash = serializers.CharField()

    def get_summary(self, entry) -> str:
        # The list view passes the page's purpose names, so a page costs one query for them;
        # someone reading another person's log passes her name as "whose".
        return entry_summary(
            entry, self.context.get("purpose_names"), whose=self.context.get("whose")
        )


class AccessLogFindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FindingKind.choices)
    seq = serializers.IntegerField(allow_null=True)
    entry_id = serializers.CharField(allow_null=True)
    detail = serializers.CharField()


class WitnessStatusSerializer(serializers.Serializer):
    witness = serializers.CharField(allow_null=True, help_text=_("De naam van de getuige."))
    witnessed_tree_size = serializers.IntegerField(source="witnessed_size", allow_null=True)
    last_cosigned_at = serializers.DateTimeField(allow_null=True)
    latest_tree_size = serializers.IntegerField(source="latest_size", allow_null=True)
    stale = serializers.BooleanField()
    warning = serializers.SerializerMethodField()

    def get_warning(self, status) -> str | None:
        return witness_warning(status)


class AccessLogVerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField(source="report.ok")
    message = serializers.SerializerMethodField()
    entries = serializers.IntegerField(source="report.entries")
    checkpoint_id = serializers.IntegerField(source="report.checkpoint_id", allow_null=True)
    findings = AccessLogFindingSerializer(source="report.findings", many=True)
    witness = WitnessStatusSerializer(help_text=_("Wie het logboek het laatst controleerde."))

    def get_message(self, verification) -> str:
        if verification.report.ok:
            return str(_("Uw logboek is compleet. Er is niets in veranderd of uit weggehaald."))
        return str(
            _(
                "Er klopt iets niet in uw logboek. Wij zoeken uit wat er is gebeurd. "
                "U hoeft zelf niets te doen."
            )
        )


class AccessLogInclusionProofSerializer(serializers.Serializer):
    leaf_index = serializers.IntegerField()
    subject_id = serializers.CharField()
    seq = serializers.IntegerField()
    head_hash = serializers.CharField()
    leaf_hash = serializers.CharField()
    audit_path = serializers.ListField(child=serializers.CharField())


class AccessLogCheckpointSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="checkpoint.id")
    timestamp = serializers.CharField()
    tree_size = serializers.IntegerField(source="checkpoint.tree_size")
    root_hash = serializers.CharField(source="checkpoint.root_hash")
    signature = serializers.CharField(source="checkpoint.signature")
    public_key = serializers.CharField(source="checkpoint.public_key")
    signed_message = serializers.CharField(help_text=_("Base64 van de ondertekende bytes."))
    origin = serializers.CharField(source="checkpoint.origin")
    note = serializers.CharField(help_text=_("Het controlepunt als C2SP signed note."))
    inclusion_proof = AccessLogInclusionProofSerializer(allow_null=True)


class AccessLogErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ConsistencyQuerySerializer(serializers.Serializer):
    first = serializers.IntegerField(min_value=0, help_text=_("De kleinste boomgrootte."))
    second = serializers.IntegerField(min_value=0, help_text=_("De grootste boomgrootte."))


class ConsistencyProofSerializer(ConsistencyQuerySerializer):
    proof = serializers.ListField(
        child=serializers.CharField(), help_text=_("RFC 9162-bewijs, elke knoop in base64.")
    )


class CosignatureResultSerializer(serializers.Serializer):
    witnesses = serializers.ListField(child=serializers.CharField())


class Base64Field(serializers.CharField):
    def to_internal_value(self, data) -> bytes:  # type: ignore[override]
        try:
            return base64.b64decode(super().to_internal_value(data), validate=True)
        except binascii.Error:
            raise serializers.ValidationError(_("Dit is geen base64.")) from None


class WitnessAlarmSerializer(serializers.Serializer):
    witness = serializers.CharField(max_length=200)
    raised_at = serializers.IntegerField(min_value=0, max_value=2**62)
    reason = serializers.ChoiceField(choices=WitnessRefusal.choices)
    tree_size = serializers.IntegerField(min_value=0, allow_null=True)
    detail = serializers.CharField(max_length=2000, allow_blank=True)
    signature = Base64Field(help_text=_("Ed25519-handtekening van de getuige, in base64."))
