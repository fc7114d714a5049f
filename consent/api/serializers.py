"""Output shapes of the consent API. Input serializers live inside each view."""

from rest_framework import serializers

from consent.constants import (
    DpvPurpose,
    EventKind,
    GrantStatus,
    LegalDomain,
    RequestStatus,
)
from consent.models import Grant
from consent.selectors import grant_status
from vault.constants import Category


class DepartmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    # DRF takes declared fields off the class; the stubs only see Field.label being shadowed.
    label = serializers.CharField()  # type: ignore[assignment]

    def to_representation(self, instance: str) -> dict[str, str]:
        return {"code": instance, "label": str(Category(instance).label)}


class PurposeRefSerializer(serializers.Serializer):
    code = serializers.CharField(source="purpose.code")
    version = serializers.IntegerField()
    name_nl = serializers.CharField()
    name_en = serializers.CharField()


class PurposeSerializer(PurposeRefSerializer):
    description_nl = serializers.CharField()
    description_en = serializers.CharField()
    legal_domain = serializers.ChoiceField(choices=LegalDomain.choices)
    department = DepartmentSerializer()
    categories = CategorySerializer(many=True)
    max_consent_days = serializers.IntegerField()
    retention_days = serializers.IntegerField()
    dpv_purpose = serializers.ChoiceField(choices=DpvPurpose.choices)
    legal_basis = serializers.CharField()


class GrantSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    purpose = PurposeRefSerializer(source="purpose_version")
    department = DepartmentSerializer()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    amended_from = serializers.UUIDField(source="amended_from_id", allow_null=True)
    status = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_status(self, grant: Grant) -> GrantStatus:
        return grant_status(grant, at=self.context["now"])


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    # DRF takes declared fields off the class; the stubs only see Field.label being shadowed.
    label = serializers.CharField(source="get_kind_display")  # type: ignore[assignment]
    occurred_at = serializers.DateTimeField()
    purpose = PurposeRefSerializer(source="purpose_version")
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    grant = serializers.UUIDField(source="grant_id", allow_null=True)
    access_request = serializers.UUIDField(source="access_request_id", allow_null=True)


class AccessRequestSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    purpose = PurposeRefSerializer(source="purpose_version")
    department = DepartmentSerializer()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    reason = serializers.CharField()
    case_reference = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices, source="current_status")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    response_message = serializers.CharField()
    grant = serializers.UUIDField(source="grant_id", allow_null=True)


class ResidentAccessRequestSerializer(AccessRequestSerializer):
    caseworker = serializers.CharField(source="caseworker.display_name", allow_null=True)
