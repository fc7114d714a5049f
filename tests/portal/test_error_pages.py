"""Portal-styled error pages with a next step, in Dutch and English (issue 10)."""

import pytest
from django.test import Client
from django.urls import path

from datameent.urls import urlpatterns as site_urlpatterns


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("stuk/", _fails)]


def _check_page(response, status: int, heading: str) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert 'href="/"' in page  # a next step
    assert 'lang="' in page and "portal.css" in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Deze pagina bestaat niet"), ("en", "This page does not exist")],
)
def test_a_missing_page_is_a_portal_page(client, db, language, heading):
    client.cookies["django_language"] = language

    _check_page(client.get("/bestaat-niet/"), 404, heading)


def test_a_page_for_another_role_is_a_404_page(client, alice):
    client.force_login(alice)

    _check_page(client.get("/medewerker/"), 404, "Deze pagina bestaat niet")


def test_a_csrf_failure_explains_that_nothing_changed(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post("/toestemmingen/", {})

    _check_page(response, 403, "Uw formulier is niet verstuurd")
    assert "Er is niets veranderd" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_server_error_is_a_portal_page(db):
    client = Client(raise_request_exception=False)

    _check_page(client.get("/stuk/"), 500, "Er ging iets mis bij Datameent")
