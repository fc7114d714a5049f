"""The transparency log's public endpoints (docs/transparency.md). No login: anyone, a
witness on another machine above all, reads the checkpoints and proofs. A witness writes
its cosignatures and alarms here, authenticated by its signature, not by a session."""

import base64

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from municipal_gateway import selectors, services
from municipal_gateway.api.serializers import (
    AccessLogErrorSerializer,
    ConsistencyProofSerializer,
    ConsistencyQuerySerializer,
    CosignatureResultSerializer,
    WitnessAlarmSerializer,
)
from municipal_gateway.exceptions import InvalidNote

NOTE_TYPE = "text/plain; charset=utf-8"
_NOTE = OpenApiResponse(OpenApiTypes.STR, description="A C2SP checkpoint as a signed note.")


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class CheckpointView(PublicView):
    @extend_schema(
        responses={(200, "text/plain"): _NOTE, 404: AccessLogErrorSerializer},
        operation_id="log_checkpoint_latest",
    )
    def get(self, request: Request) -> HttpResponse:
        return HttpResponse(selectors.checkpoint_note(), content_type=NOTE_TYPE)


class CheckpointAtView(PublicView):
    @extend_schema(
        responses={(200, "text/plain"): _NOTE, 404: AccessLogErrorSerializer},
        operation_id="log_checkpoint_at",
    )
    def get(self, request: Request, size: int) -> HttpResponse:
        return HttpResponse(selectors.checkpoint_note(size=size), content_type=NOTE_TYPE)


class ConsistencyView(PublicView):
    @extend_schema(
        parameters=[ConsistencyQuerySerializer],
        responses={
            200: ConsistencyProofSerializer,
            400: AccessLogErrorSerializer,
            404: AccessLogErrorSerializer,
        },
        operation_id="log_consistency_proof",
    )
    def get(self, request: Request) -> Response:
        query = ConsistencyQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        proof = selectors.consistency_proof(**query.validated_data)
        nodes = [base64.b64encode(node).decode() for node in proof]
        return Response({**query.validated_data, "proof": nodes})


class CosignatureView(PublicView):
    @extend_schema(
        request={"text/plain": OpenApiTypes.STR},
        responses={
            201: CosignatureResultSerializer,
            400: AccessLogErrorSerializer,
            403: AccessLogErrorSerializer,
            404: AccessLogErrorSerializer,
        },
        operation_id="log_cosignature_add",
    )
    def post(self, request: Request) -> Response:
        try:
            note = request.body.decode()
        except UnicodeDecodeError:
            raise InvalidNote() from None
        stored = services.cosignature_add(note=note)
        witnesses = sorted(cosignature.witness_name for cosignature in stored)
        return Response({"witnesses": witnesses}, status=status.HTTP_201_CREATED)


class WitnessAlarmView(PublicView):
    @extend_schema(
        request=WitnessAlarmSerializer,
        responses={201: None, 400: AccessLogErrorSerializer, 403: AccessLogErrorSerializer},
        operation_id="log_witness_alarm_add",
    )
    def post(self, request: Request) -> Response:
        alarm = WitnessAlarmSerializer(data=request.data)
        alarm.is_valid(raise_exception=True)
        services.witness_alarm_add(**alarm.validated_data)
        return Response(status=status.HTTP_201_CREATED)
