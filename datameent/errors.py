"""The domain's errors: a rule said no, or a part did not answer. Each has a ``code``.

Kept apart from ``datameent.api`` (which turns them into responses) so that models may
raise them: importing DRF's views from a model module would import the models back.
"""

from http import HTTPStatus

from django.http import Http404
from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain said no. Services raise subclasses; the API turns them into 4xx."""

    code = "invalid"
    status_code: int = HTTPStatus.BAD_REQUEST.value
    default_detail: str | Promise = "The request cannot be carried out."

    def __init__(self, detail: str | Promise | None = None, *, code: str | None = None) -> None:
        # Rendered now, in the language of the request that raised it.
        self.detail = str(detail or self.default_detail)
        if code:
            self.code = code
        super().__init__(self.detail)


class NotFound(DomainError, Http404):
    code = "not_found"
    status_code = HTTPStatus.NOT_FOUND.value
    default_detail: str | Promise = "Not found."


class Forbidden(DomainError):
    code = "forbidden"
    status_code = HTTPStatus.FORBIDDEN.value
    default_detail: str | Promise = "You may not do this."


class ServiceUnavailable(DomainError):
    """A part the request needs (database, key ring, log) does not answer now.

    The API answers 503 with the code; portal views render the portal's 503 page. Nothing
    was changed and nothing was read.
    """

    code = "service_unavailable"
    status_code = HTTPStatus.SERVICE_UNAVAILABLE.value
    default_detail: str | Promise = "The service is not available now. Try again later."


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"
    default_detail: str | Promise = (
        "The database is not available now. Nothing was changed. Try again later."
    )
