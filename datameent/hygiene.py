"""Input hygiene at the edge: control characters and bidirectional overrides never get in.

NUL breaks PostgreSQL text (a 500 from psycopg); the other C0 and C1 controls, DEL and
the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) can hide or
reorder text shown to residents. Lone surrogates cannot be stored as UTF-8. TAB, LF and CR
are ordinary white space, and the direction marks U+200E/U+200F only mark, they reorder
nothing, so a pasted Hebrew or Arabic name keeps them.

``InputHygieneMiddleware`` looks at every input before any view runs: the path, the query
string, form and multipart field values and file names (never file contents), JSON strings
and keys, cookies, and the headers the app reads. It answers a 400 ``invalid_characters``
itself, unless the view checks after authentication (``checks_input_itself``): the
gateway, which answers only caseworkers and logs their refused attempts.
"""

import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    QueryDict,
    RawPostDataException,
)
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from rest_framework import status

from datameent.api import DomainError

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 but TAB, LF, CR
    "\x7f-\x9f"  # DEL and C1
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff]"  # lone surrogates (from JSON escapes)
)
# Headers whose values the app reads: the gateway's reason, raw document uploads' names.
READ_HEADERS = ("X-Reason", "X-Case-Reference", "Content-Disposition")
_JSON_TYPE = re.compile(r"^application/([\w.+-]+\+)?json$")
# A JSON escape that may decode to a forbidden character (or is escaped itself: then the
# decoded strings are checked, which is only slower). \u00e9 and the like pass straight on.
_SUSPECT_ESCAPE = re.compile(r"\\u(00[01]|007f|00[89]|202[a-e]|206[6-9]|d[89a-f])", re.I)


class InvalidCharacters(DomainError):
    code = "invalid_characters"
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "Uw invoer bevat tekens die niet zijn toegestaan, zoals stuurtekens of tekens die "
        "de leesrichting omdraaien."
    )


def has_forbidden(text: str) -> bool:
    return FORBIDDEN.search(text) is not None


def _json_strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class _FileNamesOnly(FileUploadHandler):
    """Reads a multipart body's field values; of each file only its name, never its bytes."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.names.append(self.file_name or "")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        return None

    def file_complete(self, file_size: int) -> None:
        return None


def _multipart_strings(request: HttpRequest, body: bytes) -> list[str]:
    names: list[str] = []
    meta = {**request.META, "CONTENT_LENGTH": str(len(body))}
    try:
        handlers = [_FileNamesOnly(names)]
        parser = MultiPartParser(meta, io.BytesIO(body), handlers, request.encoding)
        fields, _files = parser.parse()
    except (MultiPartParserError, SuspiciousOperation, ValueError):
        return names  # the view's own parser refuses a broken body
    return [*names, *fields.keys(), *(v for values in fields.lists() for v in values[1])]


def _body_strings(request: HttpRequest) -> list[str]:
    content_type = request.content_type or ""
    is_json = _JSON_TYPE.match(content_type)
    if not (is_json or content_type.startswith(("multipart/", "application/x-www-form"))):
        return []  # a raw document: its bytes are the resident's, not ours to judge
    try:
        body = request.body
    except RawPostDataException:  # read as a form already: look at what was read
        return [*request.POST.keys(), *(v for vs in request.POST.lists() for v in vs[1])]
    except RequestDataTooBig:
        return []  # the view answers 413
    if content_type.startswith("multipart/"):
        return _multipart_strings(request, body)
    text = body.decode(request.encoding or "utf-8", errors="replace")
    if not is_json:
        form = QueryDict(text, encoding=request.encoding)
        return [*form.keys(), *(v for values in form.lists() for v in values[1])]
    if not _SUSPECT_ESCAPE.search(text):
        return [text]  # no suspect escapes: the raw text says all
    try:
        return [text, "\n".join(_json_strings(json.loads(text)))]
    except (ValueError, RecursionError):
        return [text]  # the view's parser answers malformed or too deep JSON


def _header(request: HttpRequest, name: str) -> str:
    """A header as the client meant it: WSGI hands header bytes over as Latin-1, so UTF-8
    text (an em dash, a euro sign) would otherwise look like C1 control characters."""
    value = request.headers.get(name, "")
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def invalid_input(request: HttpRequest) -> str | None:
    """Where ``request`` carries a forbidden character first, or None."""
    query = request.GET
    positions: list[tuple[str, Callable[[], list[str]]]] = [
        ("path", lambda: [request.path]),
        ("query", lambda: [*query.keys(), *(v for values in query.lists() for v in values[1])]),
        ("header", lambda: [_header(request, name) for name in READ_HEADERS]),
        ("cookie", lambda: [*request.COOKIES.keys(), *request.COOKIES.values()]),
        ("body", lambda: _body_strings(request)),
    ]
    for position, strings in positions:
        if any(has_forbidden(text) for text in strings()):
            return position
    return None


def refused(request: HttpRequest) -> str | None:
    """For views that check themselves: the position the middleware found, if any."""
    return getattr(request, "invalid_input", None)


def checks_input_itself(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Marks a portal view that refuses bad input itself, after authentication."""
    view.checks_input_itself = True  # type: ignore[attr-defined]
    return view


def refusal(request: HttpRequest) -> HttpResponse:
    error = InvalidCharacters()
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": error.code, "detail": error.detail}, status=400)
    else:
        if refused(request) == "cookie":
            # The session cookie itself is bad: render the page for nobody.
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
        context = {"code": error.code, "detail": error.detail}
        response = render(request, "400.html", context, status=400)
    add_never_cache_headers(response)
    return response


class InputHygieneMiddleware:
    """Before the CSRF check (which reads the body) and before any view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        position = invalid_input(request)
        if position is None:
            return None
        request.invalid_input = position  # type: ignore[attr-defined]
        view_class = getattr(view, "cls", None)
        if getattr(view, "checks_input_itself", False) or getattr(
            view_class, "checks_input_itself", False
        ):
            return None
        return refusal(request)
