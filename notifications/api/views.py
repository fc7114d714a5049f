from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datameent.api import request_user as _resident
from datameent.pagination import PageNumberPagination
from notifications import selectors, services
from notifications.api.serializers import (
    InboxEntrySerializer,
    InboxFilterSerializer,
    MarkedSerializer,
    PreferencesSerializer,
)
from notifications.exceptions import InboxEntryNotFound


class IsResident(permissions.BasePermission):
    message = _("Alleen inwoners hebben berichten in Datameent.")
    code = "not_a_resident"

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(getattr(request.user, "is_resident", False))


RESIDENT_ONLY = [permissions.IsAuthenticated, IsResident]


class InboxPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


@extend_schema(
    tags=["notifications"],
    parameters=[OpenApiParameter("unread", bool, description="Only unread (true) or read (false)")],
)
class InboxListView(generics.ListAPIView):
    permission_classes = RESIDENT_ONLY
    serializer_class = InboxEntrySerializer
    pagination_class = InboxPagination

    def get_queryset(self) -> Any:
        filters = InboxFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.inbox_list(
            resident=_resident(self.request), unread=filters.validated_data["unread"]
        )


class InboxEntryReadView(APIView):
    permission_classes = RESIDENT_ONLY
    mark = staticmethod(services.inbox_entry_mark_read)

    @extend_schema(tags=["notifications"], request=None, responses=InboxEntrySerializer)
    def post(self, request: Request, entry_id: str) -> Response:
        try:
            parsed = UUID(entry_id)
        except ValueError:
            raise InboxEntryNotFound() from None
        entry = self.mark(resident=_resident(request), entry_id=parsed)
        return Response(InboxEntrySerializer(entry).data)


class InboxEntryUnreadView(InboxEntryReadView):
    """Back to unread, as the portal's "Markeer als ongelezen"."""

    mark = staticmethod(services.inbox_entry_mark_unread)


class InboxReadAllView(APIView):
    permission_classes = RESIDENT_ONLY

    @extend_schema(tags=["notifications"], request=None, responses=MarkedSerializer)
    def post(self, request: Request) -> Response:
        marked = services.inbox_mark_all_read(resident=_resident(request))
        return Response(MarkedSerializer({"marked": marked}).data)


class NotificationPreferencesView(APIView):
    permission_classes = RESIDENT_ONLY

    @extend_schema(tags=["notifications"], responses=PreferencesSerializer)
    def get(self, request: Request) -> Response:
        return Response(selectors.preferences_get(resident=_resident(request)))

    @extend_schema(
        tags=["notifications"], request=PreferencesSerializer, responses=PreferencesSerializer
    )
    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        tags=["notifications"], request=PreferencesSerializer, responses=PreferencesSerializer
    )
    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        serializer = PreferencesSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        services.notification_preferences_update(
            resident=_resident(request), channels=serializer.validated_data
        )
        return Response(selectors.preferences_get(resident=_resident(request)))
