from typing import Any

from rest_framework import exceptions, pagination
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, but a ``page`` that is given must be a whole number.

    DRF reads ``?page=`` as page 1; the schema says ``page`` is an integer, so an empty or
    odd value is refused like any page that does not exist.
    """

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        value = request.query_params.get(self.page_query_param)
        if value is not None and value not in self.last_page_strings and not value.isdigit():
            raise exceptions.NotFound(
                self.invalid_page_message.format(page_number=value, message="")
            )
        return super().get_page_number(request, paginator)
