from typing import Any

from rest_framework import serializers

from notifications.constants import Channel, Kind
from notifications.messages import message_render
from notifications.models import InboxEntry


class InboxFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


class MessageLineSerializer(serializers.Serializer):
    # DRF takes declared fields off the class; the stubs only see Field.label being shadowed.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    """The words of an entry, in the language of the request."""

    title = serializers.CharField()
    lines = MessageLineSerializer(many=True)
    advice = serializers.CharField()

    def to_representation(self, instance: InboxEntry) -> dict[str, Any]:
        message = message_render(
            kind=instance.kind, context=instance.context, occurred_at=instance.occurred_at
        )
        return {
            "title": message.title,
            "lines": [{"label": label, "value": value} for label, value in message.lines],
            "advice": message.advice,
        }


class InboxEntrySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    message = MessageSerializer(source="*")

    class Meta:
        model = InboxEntry
        fields = ["id", "kind", "kind_label", "message", "occurred_at", "read_at"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class PreferencesSerializer(serializers.Serializer):
    """One channel per kind of event."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            kind.value: serializers.ChoiceField(choices=Channel.choices, help_text=kind.label)
            for kind in Kind
        }
