"""The API's 'Dit klopt niet': the same rules as the portal, errors as 4xx with a code."""

import uuid

import pytest
from rest_framework.test import APIClient

from objections.models import Objection


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _url(entry_id) -> str:
    return f"/api/v1/me/access-log/{entry_id}/objection/"


def test_it_files_and_lists(alice, bob_read):
    client = _api(alice)

    created = client.post(_url(bob_read.id), {"text": "Ken ik niet"}, format="json")
    listed = client.get("/api/v1/me/objections/")

    assert created.status_code == 201
    assert created.json()["status"] == "open" and created.json()["status_text"]
    assert [item["id"] for item in listed.json()] == [created.json()["id"]]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "x" * 1001}, 400, "invalid"),
        ({"text": 5}, 201, None),  # DRF reads a number as its text
    ],
)
def test_it_checks_the_text(alice, bob_read, body, status, code):
    response = _api(alice).post(_url(bob_read.id), body, format="json")

    assert response.status_code == status
    if code:
        assert response.json()["code"] and response.json()["detail"]


def test_it_refuses_a_second_objection_and_others_entries(alice, dave, bob_read):
    _api(alice).post(_url(bob_read.id), {}, format="json")

    again = _api(alice).post(_url(bob_read.id), {}, format="json")
    others = _api(dave).post(_url(bob_read.id), {}, format="json")
    unknown = _api(alice).post(_url(uuid.uuid4()), {}, format="json")
    garbled = _api(alice).post(_url("null,null"), {}, format="json")

    assert (again.status_code, again.json()["code"]) == (409, "already_objected")
    assert (others.status_code, others.json()["code"]) == (404, "entry_not_found")
    assert unknown.status_code == 404
    assert (garbled.status_code, garbled.json()["code"]) == (404, "entry_not_found")
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "carol", "petra", "root"])
def test_only_residents_use_it(request, who, bob_read):
    client = _api(request.getfixturevalue(who))

    assert client.post(_url(bob_read.id), {}, format="json").status_code == 403
    assert client.get("/api/v1/me/objections/").status_code == 403
