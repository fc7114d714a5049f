"""The resident's API: object to an entry of her own log, list her objections."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.constants import Role
from datameent.api import request_user
from datameent.api_schema import error_responses
from datameent.parsers import JSONParser
from objections import selectors, services
from objections.constants import MAX_TEXT_LENGTH
from objections.models import Objection


class IsResident(BasePermission):
    def has_permission(self, request, view) -> bool:
        return getattr(request.user, "role", None) == Role.RESIDENT


class ObjectionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    access_log_entry_id = serializers.UUIDField(source="entry_id")
    filed_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    text = serializers.CharField()
    status = serializers.SerializerMethodField()
    status_text = serializers.SerializerMethodField()

    def get_status(self, objection: Objection) -> str:
        return selectors.objection_status(objection).value

    def get_status_text(self, objection: Objection) -> str:
        return selectors.status_explanation(selectors.objection_status(objection))


class ObjectionInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT_LENGTH)


class ObjectionCreateView(APIView):
    permission_classes = [IsAuthenticated, IsResident]
    # A short text in JSON: no multipart, so a broken upload never reaches the view (415).
    parser_classes = [JSONParser]

    @extend_schema(
        request=ObjectionInput,
        responses={201: ObjectionOutput, **error_responses(400, 404, 409)},
        operation_id="objection_create",
    )
    def post(self, request: Request, entry_id: str) -> Response:
        data = ObjectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        objection = services.objection_file(
            resident=request_user(request),
            entry_id=entry_id,
            text=data.validated_data.get("text", ""),
        )
        objection = selectors.objections_for_resident(resident=request_user(request)).get(
            id=objection.id
        )
        return Response(ObjectionOutput(objection).data, status=status.HTTP_201_CREATED)


class ObjectionListView(APIView):
    permission_classes = [IsAuthenticated, IsResident]

    @extend_schema(
        responses={200: ObjectionOutput(many=True), **error_responses()},
        operation_id="objection_list",
    )
    def get(self, request: Request) -> Response:
        objections = selectors.objections_for_resident(resident=request_user(request))
        return Response(ObjectionOutput(objections, many=True).data)
