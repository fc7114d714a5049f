"""Shapes of the representative's API (/api/v1/represented/). Records, consents and
requests keep the shapes of the resident's own API."""

from rest_framework import serializers

from consent.api.serializers import GrantSerializer, ResidentAccessRequestSerializer
from datameent.api_schema import ErrorSerializer
from municipal_gateway.api.serializers import AccessLogEntrySerializer
from representation.constants import Reason, RelationKind
from vault.api.serializers import RecordOutputSerializer
from vault.constants import Category


def _categories() -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))


class RepresentedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The person's id in the paths below.")
    name = serializers.CharField()
    capacities = serializers.ListField(
        child=serializers.ChoiceField(choices=RelationKind.choices),
        help_text="The relations in which you act for this person now.",
    )
    log = serializers.BooleanField(help_text="You may see this person's log and messages.")
    records = _categories()
    grant = _categories()
    withdraw = _categories()


class RepresentativeErrorSerializer(ErrorSerializer):
    reason = serializers.ChoiceField(
        choices=Reason.choices,
        required=False,
        help_text="With `not_allowed_for_representative`: why the relation does not allow "
        "it (`representation.selectors.may`).",
    )


def _page(name: str, serializer: serializers.Serializer) -> type[serializers.Serializer]:
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer,
    }
    return type(name, (serializers.Serializer,), fields)


RepresentedRecordPageSerializer = _page(
    "RepresentedRecordPageSerializer", RecordOutputSerializer(many=True)
)
RepresentedGrantPageSerializer = _page("RepresentedGrantPageSerializer", GrantSerializer(many=True))
RepresentedRequestPageSerializer = _page(
    "RepresentedRequestPageSerializer", ResidentAccessRequestSerializer(many=True)
)
RepresentedLogPageSerializer = _page(
    "RepresentedLogPageSerializer", AccessLogEntrySerializer(many=True)
)
