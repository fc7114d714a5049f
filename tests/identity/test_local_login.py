"""LOCAL_LOGIN: the password form, on by default, off in production when a provider serves."""

import pytest
from django.contrib.auth import SESSION_KEY

from identity.selectors import LoginMethod, login_method

pytestmark = pytest.mark.django_db
ALICE = {"username": "alice", "password": "alice-demo-pass"}


def test_the_password_form_works_by_default(client, alice):
    response = client.post("/inloggen/", ALICE)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert login_method(client.session) == LoginMethod("local")


def test_switched_off_it_refuses_the_password_form(settings, client, alice):
    settings.LOCAL_LOGIN = False

    page = client.get("/inloggen/").content.decode()
    response = client.post("/inloggen/", ALICE)

    assert 'name="password"' not in page
    assert response.status_code == 403
    assert "uitgeschakeld" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_switched_off_no_other_password_login_gets_through(settings, client, root):
    settings.LOCAL_LOGIN = False
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "root-demo-pass"}
    )
    assert SESSION_KEY not in client.session
    assert response.status_code == 200  # the admin's form again, with its error


def test_switched_on_the_admin_login_works(client, root):
    client.post("/admin/login/?next=/admin/", {"username": "root", "password": "root-demo-pass"})
    assert client.session[SESSION_KEY] == str(root.pk)
