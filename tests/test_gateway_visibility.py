"""The gateway answers 404 to everyone who is not a caseworker (issue 16, item 7): every URL
under /api/v1/gateway/, every method, OPTIONS and HEAD included. Strangers without a login
are asked to log in, as everywhere in the API (docs/gateway.md)."""

import re

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from tests.municipal_gateway.conftest import api_client_for
from tests.routes import all_routes

METHODS = ["get", "post", "put", "patch", "delete", "options", "head"]
PREFIX = "api/v1/gateway/"


GATEWAY_URLS = sorted(
    "/" + re.sub(r"<(?:\w+:)?\w+>", "ref_x", route)
    for route in set(all_routes())
    if route.startswith(PREFIX)
)


def test_the_resolver_lists_every_gateway_endpoint():
    assert "/api/v1/gateway/access-requests/" in GATEWAY_URLS
    assert "/api/v1/gateway/residents/ref_x/records/" in GATEWAY_URLS
    assert len(GATEWAY_URLS) >= 5


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("url", GATEWAY_URLS)
@pytest.mark.parametrize("who", ["alice", "carol", "root"])
def test_it_answers_404_to_anyone_but_a_caseworker(request, purposes, who, url, method):
    client = api_client_for(request.getfixturevalue(who))

    response = getattr(client, method)(url, {}, format="json")

    assert response.status_code == 404, response.content
    if method != "head":
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("url", GATEWAY_URLS)
def test_it_asks_strangers_to_log_in(db, url, method):
    response = getattr(APIClient(), method)(url, {}, format="json")

    assert response.status_code in (401, 403)
    if method != "head":
        assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("url", GATEWAY_URLS)
def test_a_caseworker_sees_it(bob, purposes, url):
    response = api_client_for(bob).options(url)

    assert response.status_code == 200


def test_every_gateway_view_is_guarded_at_the_include():
    from datameent.gateway import CaseworkerOnly

    for route in all_routes():
        if not route.startswith(PREFIX):
            continue
        match = get_resolver().resolve("/" + re.sub(r"<(?:\w+:)?\w+>", "ref_x", route))
        assert CaseworkerOnly in match.func.cls.permission_classes, route
