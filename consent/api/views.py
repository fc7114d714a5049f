"""Resident endpoints (/api/v1/me/...). Only residents see data; anyone else finds nothing."""

from typing import Any
from uuid import UUID

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from consent import selectors, services
from consent.api.base import ConsentApi, page_of, parse_id
from consent.api.serializers import (
    EventSerializer,
    GrantSerializer,
    PurposeSerializer,
    ResidentAccessRequestSerializer,
)
from consent.constants import MAX_MESSAGE_LENGTH
from consent.exceptions import AccessRequestNotFound, GrantNotFound
from datameent.api import request_user as resident_of
from datameent.api_schema import error_responses
from vault.constants import Category

TAGS = ["consent"]
GRANT_ID = OpenApiParameter("grant_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
REQUEST_ID = OpenApiParameter("request_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


def _categories(**kwargs: Any) -> serializers.ListField:
    child = serializers.ChoiceField(choices=Category.choices)
    return serializers.ListField(child=child, max_length=len(Category.values), **kwargs)


class ResidentConsentApi(ConsentApi):
    # Session only, so every write needs a CSRF token: no API tokens on resident data.
    authentication_classes = [SessionAuthentication]


class PurposeListApi(ResidentConsentApi):
    @extend_schema(tags=TAGS, responses={200: page_of(PurposeSerializer), **error_responses()})
    def get(self, request: Request) -> Response:
        return self.paginated(
            selectors.purposes_for_resident(resident=resident_of(request)), PurposeSerializer
        )


class ConsentListApi(ResidentConsentApi):
    @extend_schema_serializer(component_name="GrantCreate")
    class InputSerializer(serializers.Serializer):
        purpose = serializers.SlugField(max_length=60)
        categories = _categories(min_length=1)
        valid_from = serializers.DateTimeField(required=False)
        valid_until = serializers.DateTimeField(required=False)
        department = serializers.SlugField(max_length=60, required=False)

    @extend_schema(tags=TAGS, responses={200: page_of(GrantSerializer), **error_responses()})
    def get(self, request: Request) -> Response:
        grants = selectors.grants_for_resident(resident=resident_of(request))
        return self.paginated(grants, GrantSerializer, now=timezone.now())

    @extend_schema(
        tags=TAGS,
        request=InputSerializer,
        responses={201: GrantSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        grant = services.grant_create(
            resident=resident_of(request),
            purpose_code=fields["purpose"],
            categories=fields["categories"],
            valid_from=fields.get("valid_from"),
            valid_until=fields.get("valid_until"),
            department_code=fields.get("department"),
        )
        body = GrantSerializer(grant, context={"now": timezone.now()}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConsentRevokeApi(ResidentConsentApi):
    @extend_schema(
        tags=TAGS,
        parameters=[GRANT_ID],
        request=None,
        responses={200: GrantSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, grant_id: str) -> Response:
        grant = services.grant_revoke(
            resident=resident_of(request), grant_id=parse_id(grant_id, GrantNotFound)
        )
        return Response(GrantSerializer(grant, context={"now": timezone.now()}).data)


class ConsentAmendApi(ResidentConsentApi):
    @extend_schema_serializer(component_name="GrantAmend")
    class InputSerializer(serializers.Serializer):
        categories = _categories(min_length=1)
        valid_until = serializers.DateTimeField(required=False)

    @extend_schema(
        tags=TAGS,
        parameters=[GRANT_ID],
        request=InputSerializer,
        responses={201: GrantSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, grant_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = services.grant_amend(
            resident=resident_of(request),
            grant_id=parse_id(grant_id, GrantNotFound),
            categories=data.validated_data["categories"],
            valid_until=data.validated_data.get("valid_until"),
        )
        body = GrantSerializer(grant, context={"now": timezone.now()}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConsentReceiptApi(ResidentConsentApi):
    @extend_schema(
        tags=TAGS,
        parameters=[GRANT_ID],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="ISO/IEC TS 27560 receipt"),
            **error_responses(404),
        },
    )
    def get(self, request: Request, grant_id: str) -> Response:
        grant_uuid = parse_id(grant_id, GrantNotFound)
        receipt = selectors.grant_receipt(resident=resident_of(request), grant_id=grant_uuid)
        disposition = f'attachment; filename="toestemming-{grant_uuid}.json"'
        return Response(receipt, headers={"Content-Disposition": disposition})


class ConsentHistoryApi(ResidentConsentApi):
    @extend_schema(tags=TAGS, responses={200: page_of(EventSerializer), **error_responses()})
    def get(self, request: Request) -> Response:
        events = selectors.events_for_resident(resident=resident_of(request))
        return self.paginated(events, EventSerializer)


class AccessRequestListApi(ResidentConsentApi):
    @extend_schema(
        tags=TAGS,
        responses={200: page_of(ResidentAccessRequestSerializer), **error_responses()},
    )
    def get(self, request: Request) -> Response:
        requests = selectors.access_requests_for_resident(
            resident=resident_of(request), at=timezone.now()
        )
        return self.paginated(requests, ResidentAccessRequestSerializer)


def _answered(request: Request, request_id: UUID) -> Response:
    answered = selectors.access_requests_for_resident(
        resident=resident_of(request), at=timezone.now()
    ).get(id=request_id)
    return Response(ResidentAccessRequestSerializer(answered).data)


class AccessRequestApproveApi(ResidentConsentApi):
    @extend_schema_serializer(component_name="AccessRequestApprove")
    class InputSerializer(serializers.Serializer):
        categories = _categories(min_length=1, required=False)
        valid_until = serializers.DateTimeField(required=False)

    @extend_schema(
        tags=TAGS,
        parameters=[REQUEST_ID],
        request=InputSerializer,
        responses={200: ResidentAccessRequestSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, request_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.access_request_approve(
            resident=resident_of(request),
            request_id=parse_id(request_id, AccessRequestNotFound),
            categories=data.validated_data.get("categories"),
            valid_until=data.validated_data.get("valid_until"),
        )
        return _answered(request, answered.id)


class AccessRequestDenyApi(ResidentConsentApi):
    @extend_schema_serializer(component_name="AccessRequestDeny")
    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(
            max_length=MAX_MESSAGE_LENGTH, required=False, allow_blank=True
        )

    @extend_schema(
        tags=TAGS,
        parameters=[REQUEST_ID],
        request=InputSerializer,
        responses={200: ResidentAccessRequestSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request: Request, request_id: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.access_request_deny(
            resident=resident_of(request),
            request_id=parse_id(request_id, AccessRequestNotFound),
            message=data.validated_data.get("message", ""),
        )
        return _answered(request, answered.id)
