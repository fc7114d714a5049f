"""What every resident API view shares: residents only, session auth with CSRF, no caching,
and errors as ``{"code", "detail"}`` even for odd requests and unreadable vaults."""

import logging
from typing import Any
from uuid import UUID

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vault.exceptions import (
    ContentTooLarge,
    CryptoError,
    RecordNotFound,
    VaultNotFound,
)

logger = logging.getLogger(__name__)

RECORD_ID = OpenApiParameter("record_id", OpenApiTypes.UUID, OpenApiParameter.PATH)


def parse_record_id(value: str) -> UUID:
    # Parsed here rather than by a <uuid:> converter so a bad id is a JSON 404 like any other.
    try:
        return UUID(value)
    except ValueError:
        raise RecordNotFound() from None


class IsResident(BasePermission):
    """Only residents have a vault. Anyone else, superusers included, finds nothing here."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not getattr(request.user, "is_resident", False):
            raise VaultNotFound()
        return True


class ResidentApi(APIView):
    # Session only, so every write needs a CSRF token; no token or basic auth on the vault.
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated, IsResident]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, CryptoError):
            # Fails closed: a 503 vault_unavailable. The log names the failure, never data.
            logger.error("Vault of user %s cannot be decrypted: %s", self.request.user.pk, exc)
        elif isinstance(exc, RequestDataTooBig):
            exc = ContentTooLarge(str(_("Het verzoek is te groot.")))
        elif isinstance(exc, SuspiciousOperation):
            exc = ParseError(_("Het verzoek kan niet worden gelezen."))
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        if request.method in ("GET", "HEAD"):
            get_token(request._request)  # a session client needs the CSRF cookie for writes
        return response
