"""Acting for someone through the API (/api/v1/represented/): what the portal's "Ik regel
dit voor" allows, no more. Every view asks ``representation`` (``may``, through the
services it calls); a refusal is a 403 ``not_allowed_for_representative`` with the reason.
Someone you do not act for now is not found (404), so the API does not say who exists."""

from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from consent.api.serializers import GrantSerializer, ResidentAccessRequestSerializer
from consent.constants import MAX_MESSAGE_LENGTH
from consent.selectors import access_requests_for_resident, grants_for_resident
from consent.services import (
    access_request_approve,
    access_request_deny,
    grant_create,
    grant_revoke,
)
from datameent.api import NotFound
from datameent.api import request_user as caller_of
from datameent.api_schema import error_responses
from datameent.pagination import PageNumberPagination
from municipal_gateway.api.serializers import AccessLogEntrySerializer
from municipal_gateway.selectors import access_log_list_for_resident
from municipal_gateway.summaries import purpose_names_for
from representation import selectors
from representation.constants import Action, ActWhat, Reason
from representation.exceptions import NotAllowed
from representation.records import (
    record_for_representative,
    record_update_for_representative,
    records_for_representative,
)
from representation.services import act_authorise
from representation_portal.api.serializers import (
    RepresentativeErrorSerializer,
    RepresentedGrantPageSerializer,
    RepresentedLogPageSerializer,
    RepresentedRecordPageSerializer,
    RepresentedRequestPageSerializer,
    RepresentedSerializer,
)
from representation_portal.visible import consent_categories, within
from vault.api.serializers import RecordOutputSerializer
from vault.constants import Category
from vault.record_types import record_types
from vault.selectors import RecordNotFound
from vault.services import MAX_TITLE_LENGTH, UNCHANGED

TAGS = ["represented"]
SUBJECT_ID = OpenApiParameter("subject_id", OpenApiTypes.INT, OpenApiParameter.PATH)
RECORD_ID = OpenApiParameter("record_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
GRANT_ID = OpenApiParameter("grant_id", OpenApiTypes.UUID, OpenApiParameter.PATH)
REQUEST_ID = OpenApiParameter("request_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


class RepresentedNotFound(NotFound):
    code = "represented_not_found"
    default_detail = _("U handelt nu niet namens deze persoon.")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {**error_responses(*codes), 403: OpenApiResponse(RepresentativeErrorSerializer)}


def _uuid(value: str, not_found: type[NotFound]) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise not_found() from None


class RepresentedApi(APIView):
    """Residents acting for someone: session only (CSRF on writes), never cached."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def subject(self, subject_id: str) -> Any:
        caller = caller_of(self.request)
        person = None
        # Parsed here rather than by an <int:> converter, so a bad id is a JSON 404 too.
        if caller.is_resident and subject_id.isdigit() and len(subject_id) < 12:
            person = selectors.acting_subject(
                actor=caller, subject_id=int(subject_id), at=timezone.now()
            )
        if person is None:
            raise RepresentedNotFound()
        return person

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, NotAllowed):
            reason = exc.code if exc.code in Reason.values else Reason.NO_RELATION
            body = {
                "code": "not_allowed_for_representative",
                "detail": str(Reason(reason).label),
                "reason": reason,
            }
            return Response(body, status=status.HTTP_403_FORBIDDEN)
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def paged(self, items: Any, serializer: type[serializers.Serializer], **context: Any) -> Any:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(items, self.request, view=self)
        return paginator.get_paginated_response(serializer(page, many=True, context=context).data)


class RepresentedListApi(RepresentedApi):
    @extend_schema(
        tags=TAGS,
        operation_id="represented_list",
        responses={200: RepresentedSerializer(many=True), **error_responses()},
    )
    def get(self, request: Request) -> Response:
        caller, now = caller_of(request), timezone.now()
        people = selectors.represented_by(representative=caller, at=now)
        rows: list[dict[str, Any]] = []
        for person in people:
            allowed = selectors.allowed_for(actor=caller, subject=person, at=now)
            rows.append(
                {
                    "id": person.pk,
                    "name": person.display_name,
                    "capacities": selectors.capacities(
                        representative=caller, subject=person, at=now
                    ),
                    "log": "" in allowed[Action.LOG],
                    **{
                        action: [c for c in allowed[action] if c]
                        for action in (Action.RECORDS, Action.GRANT, Action.WITHDRAW)
                    },
                }
            )
        return Response(RepresentedSerializer(rows, many=True).data)


class RepresentedRecordListApi(RepresentedApi):
    class FilterSerializer(serializers.Serializer):
        category = serializers.ChoiceField(choices=Category.choices, required=False)

    @extend_schema(
        tags=TAGS,
        operation_id="represented_records_list",
        parameters=[SUBJECT_ID, FilterSerializer, OpenApiParameter("page", OpenApiTypes.INT)],
        responses={200: RepresentedRecordPageSerializer, **_errors(400, 404)},
    )
    def get(self, request: Request, subject_id: str) -> Response:
        subject = self.subject(subject_id)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        records = records_for_representative(
            actor=caller_of(request),
            subject=subject,
            category=filters.validated_data.get("category"),
        )
        return self.paged(records, RecordOutputSerializer)


class RepresentedRecordDetailApi(RepresentedApi):
    class UpdateSerializer(serializers.Serializer):
        type = serializers.ChoiceField(
            choices=[kind.code for kind in record_types()],
            required=False,
            help_text="Default: the record's own type. A type of another category must be "
            "one you may act on as well.",
        )
        title = serializers.CharField(max_length=MAX_TITLE_LENGTH)
        content = serializers.DictField(child=serializers.JSONField())
        erase_after = serializers.DateField(required=False, allow_null=True)

    @extend_schema(
        tags=TAGS,
        operation_id="represented_record_get",
        parameters=[SUBJECT_ID, RECORD_ID],
        responses={200: RecordOutputSerializer, **_errors(404)},
    )
    def get(self, request: Request, subject_id: str, record_id: str) -> Response:
        record = record_for_representative(
            actor=caller_of(request),
            subject=self.subject(subject_id),
            record_id=_uuid(record_id, RecordNotFound),
        )
        return Response(RecordOutputSerializer(record).data)

    @extend_schema(
        tags=TAGS,
        operation_id="represented_record_update",
        description="A new version, marked as entered by a representative; the act is in "
        "the person's log.",
        parameters=[SUBJECT_ID, RECORD_ID],
        request=UpdateSerializer,
        responses={200: RecordOutputSerializer, **_errors(400, 404)},
    )
    def put(self, request: Request, subject_id: str, record_id: str) -> Response:
        subject = self.subject(subject_id)
        data = self.UpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        record = record_update_for_representative(
            actor=caller_of(request),
            subject=subject,
            record_id=_uuid(record_id, RecordNotFound),
            record_type=fields.get("type"),
            title=fields["title"],
            content=fields["content"],
            erase_after=fields.get("erase_after", UNCHANGED),
        )
        return Response(RecordOutputSerializer(record).data)


class RepresentedConsentListApi(RepresentedApi):
    class CreateSerializer(serializers.Serializer):
        purpose = serializers.SlugField(max_length=60)
        categories = serializers.ListField(
            child=serializers.ChoiceField(choices=Category.choices),
            min_length=1,
            max_length=len(Category.values),
        )
        valid_until = serializers.DateTimeField(required=False)

    @extend_schema(
        tags=TAGS,
        operation_id="represented_consents_list",
        parameters=[SUBJECT_ID],
        responses={200: RepresentedGrantPageSerializer, **_errors(404)},
    )
    def get(self, request: Request, subject_id: str) -> Response:
        subject = self.subject(subject_id)
        allowed = consent_categories(actor=caller_of(request), subject=subject, at=timezone.now())
        if not allowed:
            raise NotAllowed(code=Reason.ACTION_NOT_COVERED)
        grants = within(grants_for_resident(resident=subject).order_by("-created_at"), allowed)
        return self.paged(grants, GrantSerializer, now=timezone.now())

    @extend_schema(
        tags=TAGS,
        operation_id="represented_consents_create",
        parameters=[SUBJECT_ID],
        request=CreateSerializer,
        responses={201: GrantSerializer, **_errors(400, 404)},
    )
    def post(self, request: Request, subject_id: str) -> Response:
        subject = self.subject(subject_id)
        data = self.CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = grant_create(
            resident=subject,
            actor=caller_of(request),
            purpose_code=data.validated_data["purpose"],
            categories=data.validated_data["categories"],
            valid_until=data.validated_data.get("valid_until"),
        )
        body = GrantSerializer(grant, context={"now": timezone.now()}).data
        return Response(body, status=status.HTTP_201_CREATED)


class GrantNotFoundHere(NotFound):
    code = "grant_not_found"
    default_detail = _("Deze toestemming bestaat niet.")


class RequestNotFoundHere(NotFound):
    code = "access_request_not_found"
    default_detail = _("Dit verzoek bestaat niet.")


class RepresentedConsentRevokeApi(RepresentedApi):
    @extend_schema(
        tags=TAGS,
        operation_id="represented_consent_revoke",
        parameters=[SUBJECT_ID, GRANT_ID],
        request=None,
        responses={200: GrantSerializer, **_errors(404, 409)},
    )
    def post(self, request: Request, subject_id: str, grant_id: str) -> Response:
        grant = grant_revoke(
            resident=self.subject(subject_id),
            grant_id=_uuid(grant_id, GrantNotFoundHere),
            actor=caller_of(request),
        )
        return Response(GrantSerializer(grant, context={"now": timezone.now()}).data)


class RepresentedRequestListApi(RepresentedApi):
    @extend_schema(
        tags=TAGS,
        operation_id="represented_access_requests_list",
        parameters=[SUBJECT_ID],
        responses={200: RepresentedRequestPageSerializer, **_errors(404)},
    )
    def get(self, request: Request, subject_id: str) -> Response:
        subject = self.subject(subject_id)
        allowed = consent_categories(actor=caller_of(request), subject=subject, at=timezone.now())
        if not allowed:
            raise NotAllowed(code=Reason.ACTION_NOT_COVERED)
        items = access_requests_for_resident(resident=subject, at=timezone.now())
        return self.paged(
            within(items.order_by("-created_at"), allowed), ResidentAccessRequestSerializer
        )


class RepresentedRequestAnswerApi(RepresentedApi):
    class AnswerSerializer(serializers.Serializer):
        answer = serializers.ChoiceField(choices=["approve", "deny"])
        categories = serializers.ListField(
            child=serializers.ChoiceField(choices=Category.choices),
            min_length=1,
            max_length=len(Category.values),
            required=False,
            help_text="Approve for fewer categories than asked: only those you may act on.",
        )
        message = serializers.CharField(
            max_length=MAX_MESSAGE_LENGTH, required=False, allow_blank=True
        )

    @extend_schema(
        tags=TAGS,
        operation_id="represented_access_request_answer",
        parameters=[SUBJECT_ID, REQUEST_ID],
        request=AnswerSerializer,
        responses={200: ResidentAccessRequestSerializer, **_errors(400, 404, 409)},
    )
    def post(self, request: Request, subject_id: str, request_id: str) -> Response:
        subject, actor = self.subject(subject_id), caller_of(request)
        data = self.AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields, request_uuid = data.validated_data, _uuid(request_id, RequestNotFoundHere)
        if fields["answer"] == "approve":
            access_request_approve(
                resident=subject,
                request_id=request_uuid,
                categories=fields.get("categories"),
                actor=actor,
            )
        else:
            access_request_deny(
                resident=subject,
                request_id=request_uuid,
                message=fields.get("message", ""),
                actor=actor,
            )
        answered = access_requests_for_resident(resident=subject, at=timezone.now()).get(
            id=request_uuid
        )
        return Response(ResidentAccessRequestSerializer(answered).data)


class RepresentedAccessLogApi(RepresentedApi):
    @extend_schema(
        tags=TAGS,
        operation_id="represented_access_log",
        parameters=[SUBJECT_ID, OpenApiParameter("page", OpenApiTypes.INT)],
        responses={200: RepresentedLogPageSerializer, **_errors(404)},
    )
    def get(self, request: Request, subject_id: str) -> Response:
        subject = self.subject(subject_id)
        act_authorise(
            actor=caller_of(request),
            subject=subject,
            action=Action.LOG,
            categories=None,
            what=ActWhat.ACCESS_LOG,
        )
        # Paged as the resident's own log is, with one query for the page's purpose names;
        # the summaries name her, as the portal's cards do, where her own say "uw".
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            access_log_list_for_resident(resident=subject), request, view=self
        )
        entries = list(page or [])
        context = {"purpose_names": purpose_names_for(entries), "whose": subject.display_name}
        return paginator.get_paginated_response(
            AccessLogEntrySerializer(entries, many=True, context=context).data
        )
