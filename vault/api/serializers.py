"""Output shapes shared by the resident API views. Input serializers live inside each view."""

from rest_framework import serializers

from vault.constants import Category, Provenance

TYPE_HELP = (
    "The record type (`/api/v1/record-types/`). Null for a record saved before types "
    "existed; saving it through the API gives it one."
)


class DocumentMetaSerializer(serializers.Serializer):
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Size in bytes.")


class RecordOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.ChoiceField(choices=Category.choices)
    version = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField(source="record_type", allow_null=True, help_text=TYPE_HELP)
    content = serializers.JSONField(help_text="The structured content, as stored.")
    document = DocumentMetaSerializer(allow_null=True)
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    source_organisation = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    erase_after = serializers.DateField(allow_null=True)


class RecordPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RecordOutputSerializer(many=True)


class RecordVersionOutputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Category.choices)
    title = serializers.CharField()
    type = serializers.CharField(source="record_type", allow_null=True, help_text=TYPE_HELP)
    content = serializers.JSONField(help_text="The structured content, as stored.")
    document = DocumentMetaSerializer(allow_null=True)
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    source_organisation = serializers.CharField(allow_null=True)
    saved_at = serializers.DateTimeField(source="updated_at")
