"""The caseworker gateway (/api/v1/gateway/): purposes, residents, lookup, records.

Only caseworkers; anyone else gets a 404. Nothing here is ever cached.
"""

from typing import Any

from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from consent.selectors import purposes_for_caseworker
from datameent.api import request_user as caseworker_of
from datameent.gateway import CaseworkerOnly
from datameent.pagination import PageNumberPagination
from datameent.timing import BsnAnswerFloor
from identity.selectors import login_method
from municipal_gateway.api.caseworker_serializers import (
    GatewayPurposeSerializer,
    LookupInputSerializer,
    LookupResultSerializer,
    ReadResultSerializer,
    RecordsQuerySerializer,
    ResidentReferenceSerializer,
    read_shown,
)
from municipal_gateway.api.serializers import AccessLogErrorSerializer
from municipal_gateway.constants import API_TOKEN, Operation
from municipal_gateway.exceptions import PurposeRequired
from municipal_gateway.reasons import stated_reason_check
from municipal_gateway.services import lookups, reads, references

TAGS = ["gateway"]
REASON_HEADERS = {"reason": "X-Reason", "case_reference": "X-Case-Reference"}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(AccessLogErrorSerializer) for code in (401, 404, *codes)}


def page_of(serializer_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    }
    name = "Gateway" + serializer_class.__name__.removesuffix("Serializer") + "PageSerializer"
    return type(name, (serializers.Serializer,), fields)


def _with_headers(request: Request) -> dict[str, Any]:
    """Query or body values; a reason header fills in only what the parameters leave out.

    A parameter is never overridden by a header, so an invalid parameter is always refused.
    """
    source = request.query_params if request.method == "GET" else request.data
    data = {key: source.get(key) for key in source} if hasattr(source, "get") else {}
    for field, header in REASON_HEADERS.items():
        if field not in data and request.headers.get(header):
            data[field] = request.headers[header]
    return data


def _stated_reason(fields: dict[str, Any]) -> str:
    reason, case = fields.get("reason", ""), fields.get("case_reference", "")
    if reason and case:
        return f"{reason} (zaak {case})"
    return reason or (f"zaak {case}" if case else "")


class GatewayApi(APIView):
    # Caseworkers only, and their input checked after authentication (datameent/gateway.py).
    permission_classes = [CaseworkerOnly]
    checks_input_itself = True
    # The operation logged when a caseworker's input is refused; None: not an attempt.
    attempt_operation: str | None = None

    def invalid_input_refused(self) -> None:
        if self.attempt_operation is not None:
            reads.invalid_input_log(caller=self.caller({}), operation=self.attempt_operation)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def caller(self, fields: dict[str, Any]) -> reads.Caller:
        method, assurance = self._login()
        return reads.Caller(
            caseworker=caseworker_of(self.request),
            stated_reason=_stated_reason(fields),
            trace=getattr(self.request._request, "trace", None),
            login_method=method,
            login_assurance=assurance,
        )

    def _login(self) -> tuple[str, str]:
        """How the caller logged in, for the log: a case system's API token, or the session's
        login (the password form, or the municipality's identity provider and its level)."""
        if not isinstance(self.request.successful_authenticator, SessionAuthentication):
            return API_TOKEN, ""
        method = login_method(self.request._request.session)
        return method.provider, method.acr


class PurposeListApi(GatewayApi):
    @extend_schema(tags=TAGS, responses={200: GatewayPurposeSerializer(many=True), **errors()})
    def get(self, request: Request) -> Response:
        purposes = purposes_for_caseworker(caseworker=caseworker_of(request), at=timezone.now())
        return Response(GatewayPurposeSerializer(purposes, many=True).data)


class ResidentListApi(GatewayApi):
    @extend_schema(tags=TAGS, responses={200: page_of(ResidentReferenceSerializer), **errors()})
    def get(self, request: Request) -> Response:
        rows = references.references_for_caseworker(caseworker=caseworker_of(request))
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(ResidentReferenceSerializer(page, many=True).data)


class ResidentLookupApi(BsnAnswerFloor, GatewayApi):
    attempt_operation = Operation.RESIDENT_LOOKUP

    @extend_schema(
        tags=TAGS,
        request=LookupInputSerializer,
        responses={200: LookupResultSerializer, **errors(400, 415)},
        description="Gives your reference only when a grant for this purpose runs. Otherwise "
        "the answer is the same as for a BSN nobody has, in the same time. A reason or case "
        "reference is required (400 `reason_required`); a reason is at most 200 characters "
        "(400 `reason_too_long`). The resident reads it as plain text in the portal; it is "
        "never e-mailed. Every lookup is logged.",
    )
    def post(self, request: Request) -> Response:
        raw = _with_headers(request)
        stated_reason_check(raw)
        data = LookupInputSerializer(data=raw)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        reference = lookups.resident_lookup(
            caller=self.caller(fields), bsn=fields["bsn"], purpose_code=fields["purpose"]
        )
        return Response(LookupResultSerializer({"reference": reference}).data)


_REASON_HEADER_PARAMETERS = [
    OpenApiParameter(
        header, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, description=text
    )
    for header, text in (
        ("X-Reason", "Waarom u dit leest (of de parameter 'reason')."),
        ("X-Case-Reference", "Zaaknummer (of de parameter 'case_reference')."),
    )
]


class RecordListApi(GatewayApi):
    attempt_operation = Operation.RECORDS_READ

    @extend_schema(
        tags=TAGS,
        parameters=[RecordsQuerySerializer, *_REASON_HEADER_PARAMETERS],
        responses={200: ReadResultSerializer, **errors(400, 403, 503)},
        description="Only what the current grant covers. A reason or case reference is "
        "required (400 `reason_required`); a reason is at most 200 characters (400 "
        "`reason_too_long`). The resident reads it as plain text in the portal; it is never "
        "e-mailed. Every attempt, allowed or refused, is logged in the same transaction.",
    )
    def get(self, request: Request, reference: str) -> Response:
        fields = _records_query(request)
        result = reads.records_read(
            caller=self.caller(fields),
            reference=reference,
            purpose_code=fields["purpose"],
            category=fields.get("category"),
        )
        return Response(read_shown(result))


# The query's serializer is made once per process: making one deep-copies all of its fields,
# which cost more than the rest of the view. run_validation keeps no state of its own, so
# one instance serves every request. The answer is built by read_shown, as its serializer
# (ReadResultSerializer, the schema's) would.
_RECORDS_QUERY = RecordsQuerySerializer()


def _records_query(request: Request) -> dict[str, Any]:
    raw = _with_headers(request)
    if not raw.get("purpose"):
        raise PurposeRequired()
    stated_reason_check(raw)
    validated: dict[str, Any] = _RECORDS_QUERY.run_validation(raw)
    return validated
