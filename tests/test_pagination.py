import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("page", ["", "x", "-1", "1.5"])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/me/records/", "/api/v1/me/access-log/", "/api/v1/me/consents/", "/api/v1/me/inbox/"],
)
def test_it_refuses_a_page_that_is_not_a_whole_number(alice, path, page):
    client = APIClient()
    client.force_authenticate(alice)

    response = client.get(path, {"page": page})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_still_serves_the_first_page(alice):
    client = APIClient()
    client.force_authenticate(alice)

    assert client.get("/api/v1/me/records/", {"page": "1"}).status_code == 200
