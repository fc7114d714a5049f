"""OpenAPI helpers for the resident API."""

from typing import Any

from drf_spectacular.openapi import AutoSchema


class DeleteWithBodySchema(AutoSchema):
    """Documents the request body of a DELETE, which spectacular leaves out by default.

    Erasing a vault is a DELETE that carries an explicit confirmation in its body.
    """

    def _get_request_body(self, direction: str = "request") -> Any:
        method, self.method = self.method, "POST" if self.method == "DELETE" else self.method
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = method
