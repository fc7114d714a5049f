"""API-wide error shape: every error carries a machine-readable ``code`` and a ``detail``."""

import logging
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from datameent.errors import (
    DatabaseUnavailable,
    DomainError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
)

if TYPE_CHECKING:
    from accounts.models import User

# The errors live in datameent.errors (models raise them); the API's users import them here.
__all__ = [
    "DATABASE_UNAVAILABLE_ERRORS",
    "DatabaseUnavailable",
    "DomainError",
    "Forbidden",
    "NotFound",
    "ServiceUnavailable",
    "database_unavailable",
    "exception_handler",
    "request_user",
]

logger = logging.getLogger(__name__)


# The database did not answer or dropped the connection. IntegrityError and DataError are
# left out on purpose: those are problems with the input (or a bug), not an outage.
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "30"


def request_user(request: Request) -> "User":
    """The caller of an API view behind an authentication check, typed as our ``User``.

    Permission classes (or the services behind a view) decide what the role may do; this
    only tells the type checker that an anonymous user cannot get here.
    """
    return cast("User", request.user)


def database_unavailable(exc: Exception) -> DatabaseUnavailable:
    """Logs the outage by kind only: a driver's message may quote the data of the query."""
    cause = exc.__cause__
    logger.warning(
        "database unavailable: %s (sqlstate %s)",
        type(cause or exc).__name__,
        getattr(cause, "sqlstate", None),
    )
    return DatabaseUnavailable()


def _first_code(codes: Any) -> str:
    if isinstance(codes, dict):
        return "invalid"
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)


def _domain_response(exc: DomainError) -> Response:
    response = Response({"code": exc.code, "detail": exc.detail}, status=exc.status_code)
    if exc.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
        exc = database_unavailable(exc)
    if isinstance(exc, DomainError):
        return _domain_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": "The input is not valid. See 'errors' for each field.",
            "errors": exc.detail,
        }
    else:
        response.data = {"code": _first_code(exc.get_codes()), "detail": str(exc.detail)}
    return response
