"""What the consent API views share: the error shape, id parsing, paging, no caching."""

from typing import Any
from uuid import UUID

from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from datameent.api import DomainError
from datameent.pagination import PageNumberPagination


def parse_id(value: str, not_found: type[DomainError]) -> UUID:
    # Parsed here rather than by a <uuid:> converter, so a bad id is a JSON 404 as well.
    try:
        return UUID(value)
    except ValueError:
        raise not_found() from None


class ConsentApi(APIView):
    """Consent data changes by the minute: never cached."""

    # The default of settings.REST_FRAMEWORK, spelled out: resident_of and caseworker_of
    # rely on it to never see an AnonymousUser.
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RequestDataTooBig):
            exc = ParseError(_("Het verzoek is te groot."), code="too_large")
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def paginated(
        self, queryset: QuerySet, serializer_class: type[serializers.Serializer], **context: Any
    ) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        serializer = serializer_class(page, many=True, context=context)
        return paginator.get_paginated_response(serializer.data)


def page_of(serializer_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The paged envelope around ``serializer_class``, for the API schema."""
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    }
    name = serializer_class.__name__.removesuffix("Serializer") + "PageSerializer"
    return type(name, (serializers.Serializer,), fields)
