"""The client council's statistics as JSON, for the council's own tools."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.constants import Role
from council.api.serializers import StatisticsSerializer, YearQuerySerializer
from council.selectors import statistics_for_council
from council.tasks import statistics_refresh
from datameent.api import NotFound
from datameent.api_schema import ErrorSerializer, error_responses


class IsCouncilMember(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        if getattr(request.user, "role", None) != Role.COUNCIL:
            raise NotFound()  # like the portal page: not there for anyone else
        return True


class StatisticsView(APIView):
    permission_classes = [IsAuthenticated, IsCouncilMember]

    @extend_schema(
        parameters=[YearQuerySerializer],
        responses={
            200: StatisticsSerializer,
            202: OpenApiResponse(
                ErrorSerializer, description="Not counted yet; counting has started."
            ),
            **error_responses(400, 401, 404),
        },
        operation_id="council_statistics",
        tags=["council"],
    )
    def get(self, request: Request) -> Response:
        query = YearQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year", timezone.localtime().year)
        statistics_refresh(year=year, now=timezone.now())
        statistics = statistics_for_council(year=year)
        if statistics is None:
            body = {"code": "counting", "detail": "The statistics are being counted. Try again."}
            return Response(body, status=202, headers={"Retry-After": "60"})
        return Response(StatisticsSerializer(statistics).data)
