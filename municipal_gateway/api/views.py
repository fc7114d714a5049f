"""The resident's access log: list, verify, latest checkpoint. Only their own chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotAuthenticated
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_gateway import selectors
from municipal_gateway.api.serializers import (
    AccessLogCheckpointSerializer,
    AccessLogEntrySerializer,
    AccessLogErrorSerializer,
    AccessLogFilterSerializer,
    AccessLogVerificationSerializer,
)
from municipal_gateway.summaries import purpose_names_for

if TYPE_CHECKING:
    from accounts.models import User


def _caller(request: Request) -> User:
    # IsAuthenticated already holds; this tells the type checker and guards a misconfiguration.
    if not isinstance(request.user, get_user_model()):
        raise NotAuthenticated()
    return request.user


class AccessLogListView(ListAPIView):
    serializer_class = AccessLogEntrySerializer

    @extend_schema(
        parameters=[AccessLogFilterSerializer],
        responses={
            200: AccessLogEntrySerializer(many=True),
            400: AccessLogErrorSerializer,
            404: AccessLogErrorSerializer,  # a page number past the end
        },
        operation_id="access_log_list",
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        if args and kwargs.get("many"):
            # One query for the page's purpose names, not one per entry's summary.
            entries = list(args[0])
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["purpose_names"] = purpose_names_for(entries)
            args = (entries, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def get_queryset(self):
        # A plain dict: an empty "?to=" is then refused, as the schema says, not ignored.
        filters = AccessLogFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.access_log_list_for_resident(
            resident=_caller(self.request), **filters.validated_data
        )


class AccessLogVerifyView(APIView):
    @extend_schema(responses=AccessLogVerificationSerializer, operation_id="access_log_verify")
    def get(self, request: Request) -> Response:
        report = selectors.access_log_verify_for_resident(resident=_caller(request))
        verification = selectors.Verification(report=report, witness=selectors.witness_status())
        return Response(AccessLogVerificationSerializer(verification).data)


class CheckpointLatestView(APIView):
    @extend_schema(
        responses={200: AccessLogCheckpointSerializer, 404: AccessLogErrorSerializer},
        operation_id="access_log_checkpoint_latest",
    )
    def get(self, request: Request) -> Response:
        signed = selectors.checkpoint_latest_for_resident(resident=_caller(request))
        return Response(AccessLogCheckpointSerializer(signed).data)
