"""A database that does not answer, or a part that reports ``ServiceUnavailable``, gives a
503 that says so: JSON with a code on the API, the portal's own page elsewhere. Never an
HTML 500, and nothing was half-done: every write is one transaction, rolled back.

The middleware catches what a view raises (DRF views answer through the API's exception
handler first). What goes wrong outside a view, in another middleware or when the session
is saved, reaches Django's 500 handler; ``server_error`` there gives the same answers.
"""

import sys
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.views import defaults

from datameent.api import (
    DATABASE_UNAVAILABLE_ERRORS,
    RETRY_AFTER_SECONDS,
    ServiceUnavailable,
    database_unavailable,
)


def is_database_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, DATABASE_UNAVAILABLE_ERRORS)


def service_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The 503 for ``exc``, or None when it is not an outage."""
    if is_database_unavailable(exc):
        exc = database_unavailable(exc)  # type: ignore[arg-type]
    if not isinstance(exc, ServiceUnavailable):
        return None
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": exc.code, "detail": exc.detail}, status=exc.status_code
        )
    else:
        response = HttpResponse(_page(request, exc), status=exc.status_code)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, exc: ServiceUnavailable) -> str:
    # A plain context, not the request's: the context processors would load the user and
    # the session from the database that is not there. The CSRF token lives in a cookie.
    context = {"request": request, "csrf_token": get_token(request)}
    if exc.detail != str(type(exc).default_detail):
        context["detail"] = exc.detail  # a view's own words; the default is for the API
    return loader.get_template("503.html").render(context)


class ServiceUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return service_unavailable(request, exception)


_BAD_REQUEST_CODES = [
    (TooManyFieldsSent, "too_many_fields"),
    (TooManyFilesSent, "too_many_files"),
    (RequestDataTooBig, "too_large"),
]


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's ``handler400`` (a SuspiciousOperation: too many fields, too large a body, a
    bad host): JSON with a code on the API, the portal's 400 page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    code = next((code for kind, code in _BAD_REQUEST_CODES if isinstance(exception, kind)), None)
    detail = "The request cannot be read: too many fields, or too large."
    return JsonResponse({"code": code or "bad_request", "detail": detail}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's ``handler500``: an outage outside a view still gets its 503."""
    exc = sys.exc_info()[1]
    response = service_unavailable(request, exc) if exc else None
    return response or defaults.server_error(request)
