"""W3C Trace Context (``traceparent``) and a request id on every request.

An incoming valid ``traceparent`` keeps its trace id; this service adds its own span.
A missing or malformed one starts a new trace. Both ids go back in the response headers
and are available as ``request.trace`` for the access log.
"""

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class Trace:
    trace_id: str
    span_id: str
    parent_span_id: str | None
    flags: str
    request_id: str

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{self.flags}"


def trace_from_headers(traceparent: str | None, request_id: str | None) -> Trace:
    match = _TRACEPARENT.match((traceparent or "").strip().lower())
    trace_id, parent, flags = match.groups() if match else (None, None, "01")
    if trace_id is None or set(trace_id) == {"0"} or set(parent or "0") == {"0"}:
        trace_id, parent = secrets.token_hex(16), None
    if not request_id or not _REQUEST_ID.match(request_id):
        request_id = str(uuid.uuid4())
    return Trace(trace_id, secrets.token_hex(8), parent, flags, request_id)


class TraceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trace = trace_from_headers(
            request.headers.get("traceparent"), request.headers.get("X-Request-ID")
        )
        request.trace = trace  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["traceparent"] = trace.traceparent
        response["X-Request-ID"] = trace.request_id
        return response
