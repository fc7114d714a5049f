"""Input hygiene at the edge (issue 16, item 6): control characters and bidirectional
overrides are refused with a 400 ``invalid_characters`` on every input, before any query
sees them. The gateway still logs such an attempt where it logs attempts."""

import json
import re
from itertools import cycle

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.models import AccessLogEntry
from tests.municipal_gateway.conftest import WMO
from tests.routes import all_routes

# One of each class: C0 (NUL, BEL, ESC, US), DEL, C1 (PAD, NEL, CSI), the bidirectional
# overrides and isolates (LRE, RLO, LRI, PDI).
CHARACTERS = {
    "nul": "\x00",
    "bel": "\x07",
    "esc": "\x1b",
    "unit-separator": "\x1f",
    "del": "\x7f",
    "c1-pad": "\x80",
    "c1-nel": "\x85",
    "c1-csi": "\x9b",
    "lre": "\u202a",
    "rlo": "\u202e",
    "lri": "\u2066",
    "pdi": "\u2069",
}
# What stays allowed: ordinary white space, and the harmless direction marks (a Hebrew or
# Arabic name pasted from elsewhere often carries them).
HARMLESS = {"tab": "\t", "newline": "\n", "return": "\r", "lrm": "\u200e", "rlm": "\u200f"}
POSITIONS = ["path", "query", "form", "json", "json-key", "multipart", "x-reason", "x-case"]
ROLES = ["alice", "bob", "carol", "root", None]
GATEWAY_API = "api/v1/gateway/"
ATTEMPT_VIEWS = {
    "api/v1/gateway/residents/<str:reference>/records/": Operation.RECORDS_READ,
    "api/v1/gateway/residents/lookup/": Operation.RESIDENT_LOOKUP,
    "medewerker/inwoner/<str:reference>/": Operation.RECORDS_READ,
    "medewerker/opzoeken/": Operation.RESIDENT_LOOKUP,
}
PORTAL_GATEWAY = {"medewerker/inwoner/<str:reference>/", "medewerker/opzoeken/"}
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


# Every API and portal URL; the admin has its own test below.
ROUTES = sorted(route for route in set(all_routes()) if not route.startswith("admin/"))
STRING_ROUTES = [route for route in ROUTES if re.search(r"<(str|path):", route)]


def _url(route: str, value: str = "x") -> str:
    def sample(match: re.Match) -> str:
        kind = match.group(1) or "str"
        return {"uuid": "6f0f1c4e-0000-4000-8000-000000000000", "slug": "x", "int": "1"}.get(
            kind, value
        )

    return "/" + _CONVERTER.sub(sample, route)


def _send(client: Client, route: str, position: str, char: str):
    bad = f"a{char}b"
    url = _url(route)
    if position == "path":
        return client.get(_url(route, bad))
    if position == "query":
        return client.get(url, {"purpose": WMO, "reason": "x", "q": bad})
    if position == "form":
        return client.post(url, {"reason": bad})
    if position == "json":
        return client.post(url, json.dumps({"reason": bad}), content_type="application/json")
    if position == "json-key":
        body = json.dumps({"nested": [{bad: 1}]}, ensure_ascii=False)
        return client.post(url, body.encode(), content_type="application/json")
    if position == "multipart":
        return client.post(url, {"title": bad})  # the test client sends multipart
    header = "HTTP_X_REASON" if position == "x-reason" else "HTTP_X_CASE_REFERENCE"
    return client.get(url, {"purpose": WMO}, **{header: bad})


def _client(request, role: str | None) -> Client:
    client = Client()
    if role:
        client.force_login(request.getfixturevalue(role))
    return client


def _expected(route: str, role: str | None) -> set[int]:
    """The gateway answers nobody but caseworkers, so it does not check their input either."""
    if route.startswith(GATEWAY_API):
        if role is None:
            return {401, 403}
        return {400} if role == "bob" else {404}
    if route in PORTAL_GATEWAY:
        if role is None:
            return {302}
        return {400} if role == "bob" else {404}
    return {400}


def _assert_refused(response, status: set[int]) -> None:
    assert response.status_code in status, response.content[:300]
    if 400 not in status:
        return
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["code"] == "invalid_characters"
    else:
        assert b'data-code="invalid_characters"' in response.content


@pytest.mark.parametrize("route", ROUTES)
def test_it_refuses_control_characters_on_every_url_for_every_role(request, route, purposes):
    characters = cycle(CHARACTERS.values())
    for role in ROLES:
        client = _client(request, role)
        for position in POSITIONS:
            if position == "path" and route not in STRING_ROUTES:
                continue
            char = next(characters)
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, route, position, char)
            status = _expected(route, role)
            _assert_refused(response, status)
            leaked = [query["sql"] for query in queries if char in query["sql"]]
            assert not leaked, (role, position)


def test_the_url_list_covers_the_gateway_and_the_portal():
    assert "api/v1/gateway/residents/<str:reference>/records/" in ROUTES
    assert "medewerker/inwoner/<str:reference>/" in ROUTES
    assert "api/v1/me/records/<str:record_id>/" in ROUTES
    assert len(ROUTES) > 40


@pytest.mark.parametrize("name,char", list(CHARACTERS.items()))
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("route", sorted(ATTEMPT_VIEWS))
def test_the_gateway_logs_the_refused_attempt(request, bob, purposes, route, position, name, char):
    if position == "path" and route not in STRING_ROUTES:
        pytest.skip("no path parameter")
    client = _client(request, "bob")
    before = AccessLogEntry.objects.count()

    response = _send(client, route, position, char)

    _assert_refused(response, {400})
    if route in PORTAL_GATEWAY and position in ("path", "query", "x-reason", "x-case"):
        # A portal GET only shows the form: no attempt yet, nothing to log.
        assert AccessLogEntry.objects.count() == before
        return
    entry = AccessLogEntry.objects.order_by("-occurred_at").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.subject_id == f"unknown-resident:{bob.pk}"
    assert entry.operation == ATTEMPT_VIEWS[route]
    assert (entry.outcome, entry.reason) == (Outcome.REFUSED, Reason.INVALID_INPUT)
    assert char not in entry.stated_reason + entry.purpose_code


def test_the_cases_of_the_issue(bob, purposes):
    """GET .../residents/%00/records/ and POST /medewerker/inwoner/%00/ on PostgreSQL."""
    client = _client_for(bob)
    before = AccessLogEntry.objects.count()

    api = client.get(f"/api/v1/gateway/residents/%00/records/?purpose={WMO}&reason=x")
    portal = client.post("/medewerker/inwoner/%00/", {"purpose": WMO, "reason": "x"})

    assert api.status_code == 400 and api.json()["code"] == "invalid_characters"
    assert portal.status_code == 400
    assert AccessLogEntry.objects.count() == before + 2


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name,char", list(HARMLESS.items()))
def test_it_lets_ordinary_white_space_and_direction_marks_through(alice, name, char):
    client = _client_for(alice)

    body = {"category": "income", "title": f"Loon{char}strook", "content": {"amount_per_month": 1}}
    response = client.post("/api/v1/me/records/", json.dumps(body), "application/json")

    assert response.status_code == 201, response.content


def test_it_refuses_a_lone_surrogate_in_json(alice):
    body = b'{"category": "income", "title": "a\\ud800b", "content": {}}'

    response = _client_for(alice).post("/api/v1/me/records/", body, "application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_the_portal_page_is_dutch_first_and_english_on_request(alice):
    client = _client_for(alice)

    dutch = client.get("/mijn-gegevens/", {"q": "\x00"})
    client.cookies["django_language"] = "en"
    english = client.get("/mijn-gegevens/", {"q": "\x00"})

    assert dutch.status_code == english.status_code == 400
    assert "niet zijn toegestaan" in dutch.content.decode()
    assert "not allowed" in english.content.decode()


@pytest.mark.parametrize("url", ["/admin/", "/admin/accounts/user/", "/admin/login/"])
def test_the_admin_refuses_them_too(root, url):
    client = _client_for(root)

    response = client.get(url, {"q": "\u202e"})

    assert response.status_code == 400


@pytest.mark.parametrize("how", ["multipart", "raw"])
def test_a_document_may_hold_any_bytes(alice, how):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from vault.services import record_create

    record = record_create(resident=alice, category="income", title="Scan", content={})
    url = f"/api/v1/me/records/{record.id}/document/"
    data = b"%PDF-1.4\x00\x07\x1b\x7f\xc2\x85\xe2\x80\xae binary"
    client = APIClient()
    client.force_login(alice)

    if how == "multipart":
        upload = SimpleUploadedFile("scan.pdf", data, "application/pdf")
        response = client.put(url, {"file": upload}, format="multipart")
    else:
        response = client.put(url, data, content_type="application/pdf")

    assert response.status_code == 200, response.content


def test_it_lets_an_escaped_emoji_through(alice):
    body = b'{"category": "income", "title": "Loon \\ud83d\\ude00 \\u00e9", "content": {}}'

    response = _client_for(alice).post("/api/v1/me/records/", body, "application/json")

    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Loon \U0001f600 \u00e9"


def test_a_utf8_reason_header_is_read_as_utf8(bob, purposes):
    """A server hands header bytes over as Latin-1: the em dash's UTF-8 bytes would look like
    a C1 control character (0x80) if they were taken as they come."""
    as_server_gives_it = "Herindicatie — zaak €".encode().decode("latin-1")

    response = _client_for(bob).get(
        "/api/v1/gateway/residents/ref_x/records/",
        {"purpose": WMO},
        HTTP_X_REASON=as_server_gives_it,
    )

    assert response.status_code == 404  # an unknown reference, not invalid_characters
    assert response.json()["code"] == "resident_not_found"
