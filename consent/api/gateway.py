"""Caseworker endpoint (/api/v1/gateway/access-requests/): make requests, list your own.

The answer to a new request is the same whether or not the BSN has a vault, and so is its
time (datameent/timing.py).
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from consent import selectors, services
from consent.api.base import ConsentApi, page_of
from consent.api.serializers import AccessRequestSerializer
from consent.constants import MAX_CASE_REFERENCE_LENGTH, MAX_REASON_LENGTH
from datameent.api import request_user as caseworker_of
from datameent.api_schema import error_responses
from datameent.gateway import CaseworkerOnly
from datameent.timing import BsnAnswerFloor
from vault.constants import Category

TAGS = ["gateway"]


class GatewayAccessRequestApi(BsnAnswerFloor, ConsentApi):
    # Caseworkers only; anyone else gets a 404 for every method (datameent/gateway.py).
    permission_classes = [CaseworkerOnly]
    checks_input_itself = True

    @extend_schema_serializer(component_name="AccessRequestCreate")
    class InputSerializer(serializers.Serializer):
        purpose = serializers.SlugField(max_length=60)
        categories = serializers.ListField(
            child=serializers.ChoiceField(choices=Category.choices),
            min_length=1,
            max_length=len(Category.values),
        )
        # Its length is checked by the service, so a longer one is refused with its own code.
        reason = serializers.CharField(
            help_text=f"Why you ask, in plain text: the resident reads it in the portal (never "
            f"linked, never e-mailed). At most {MAX_REASON_LENGTH} characters; a longer one is "
            "refused with 400 `reason_too_long`."
        )
        case_reference = serializers.CharField(
            max_length=MAX_CASE_REFERENCE_LENGTH, required=False, allow_blank=True
        )
        bsn = serializers.CharField(max_length=20, help_text="BSN of the resident (9 digits).")

    @extend_schema(
        tags=TAGS, responses={200: page_of(AccessRequestSerializer), **error_responses()}
    )
    def get(self, request: Request) -> Response:
        requests = selectors.access_requests_for_caseworker(
            caseworker=caseworker_of(request), at=timezone.now()
        )
        return self.paginated(requests, AccessRequestSerializer)

    @extend_schema(
        tags=TAGS,
        request=InputSerializer,
        responses={201: AccessRequestSerializer, **error_responses(400, 404)},
        description="Asks the resident with this BSN for consent. The answer, and the time it "
        "takes, are the same whether or not the BSN has a vault.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        made = services.access_request_create(
            caseworker=caseworker_of(request),
            purpose_code=fields["purpose"],
            categories=fields["categories"],
            reason=fields["reason"],
            bsn=fields["bsn"],
            case_reference=fields.get("case_reference", ""),
        )
        made = selectors.access_requests_for_caseworker(
            caseworker=caseworker_of(request), at=timezone.now()
        ).get(id=made.id)
        return Response(AccessRequestSerializer(made).data, status=status.HTTP_201_CREATED)
