"""API-wide error shape: every error carries a machine-readable ``code`` and a ``detail``."""

import logging
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.functional import Promise
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain said no. Services raise subclasses; the API turns them into 4xx."""

    code = "invalid"
    status_code: int = status.HTTP_400_BAD_REQUEST
    default_detail: str | Promise = "The request cannot be carried out."

    def __init__(self, detail: str | Promise | None = None, *, code: str | None = None) -> None:
        # Rendered now, in the language of the request that raised it.
        self.detail = str(detail or self.default_detail)
        if code:
            self.code = code
        super().__init__(self.detail)


class NotFound(DomainError, Http404):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    default_detail: str | Promise = "Not found."


class Forbidden(DomainError):
    code = "forbidden"
    status_code = status.HTTP_403_FORBIDDEN
    default_detail: str | Promise = "You may not do this."


class ServiceUnavailable(DomainError):
    """A part the request needs (database, key ring, log) does not answer now.

    The API answers 503 with the code; portal views render the portal's 503 page. Nothing
    was changed and nothing was read.
    """

    code = "service_unavailable"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail: str | Promise = "The service is not available now. Try again later."


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"
    default_detail: str | Promise = (
        "The database is not available now. Nothing was changed. Try again later."
    )


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
