"""Functional administrators manage the purpose register; saving always makes a new version."""

import pytest
from django.test import Client

from accounts.constants import Role
from accounts.services import user_create
from consent.models import Purpose, PurposeVersion
from consent.selectors import current_purposes
from tests.consent.conftest import WMO

ADD = "/admin/consent/purposeversion/add/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def beheerder(db):
    return user_create(username="beheer", password="beheer-pass", role=Role.ADMIN, is_staff=True)


def _form(version, **changes) -> dict:
    data = {
        "purpose_code": version.purpose.code,
        "name_nl": version.name_nl,
        "name_en": version.name_en,
        "description_nl": version.description_nl,
        "description_en": version.description_en,
        "legal_domain": version.legal_domain,
        "department": version.department_id,
        "categories": version.categories,
        "max_consent_days": version.max_consent_days,
        "retention_days": version.retention_days,
        "dpv_purpose": version.dpv_purpose,
    }
    return {**data, **changes}


def test_it_saves_an_edit_as_a_new_version(beheerder, purposes):
    old = current_purposes().get(purpose__code=WMO)
    url = f"/admin/consent/purposeversion/{old.pk}/change/"

    response = _client(beheerder).post(url, _form(old, name_nl="Hulp in huis", purpose_code="x"))

    assert response.status_code == 302, response.content
    old.refresh_from_db()
    new = current_purposes().get(purpose__code=WMO)
    assert old.name_nl != "Hulp in huis" and old.version == 1
    assert (new.version, new.name_nl) == (2, "Hulp in huis")


def test_it_adds_a_purpose(beheerder, purposes):
    version = current_purposes().get(purpose__code=WMO)
    response = _client(beheerder).post(ADD, _form(version, purpose_code="wmo-vervoer"))
    assert response.status_code == 302, response.content
    assert current_purposes().get(purpose__code="wmo-vervoer").version == 1


def test_it_shows_the_rules_of_the_register_as_form_errors(beheerder, purposes):
    version = current_purposes().get(purpose__code=WMO)
    response = _client(beheerder).post(
        ADD, _form(version, purpose_code="proef", max_consent_days=0)
    )
    assert response.status_code == 200
    assert "Toestemming kan 1 tot en met 3650 dagen duren" in response.content.decode()
    assert not Purpose.objects.filter(code="proef").exists()


def test_it_refuses_a_version_without_categories(beheerder, purposes):
    version = current_purposes().get(purpose__code=WMO)
    response = _client(beheerder).post(ADD, _form(version, purpose_code="proef", categories=[]))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["categories"]
    assert not Purpose.objects.filter(code="proef").exists()


def test_it_never_deletes_a_version(beheerder, purposes):
    version = PurposeVersion.objects.first()
    url = f"/admin/consent/purposeversion/{version.pk}/delete/"
    assert _client(beheerder).post(url, {"post": "yes"}).status_code == 403
    assert PurposeVersion.objects.filter(pk=version.pk).exists()


def test_it_keeps_other_staff_out(purposes, db):
    staff = user_create(username="mw", password="mw-pass", role=Role.CASEWORKER, is_staff=True)
    client = _client(staff)
    assert client.get("/admin/consent/purposeversion/").status_code == 403
    assert client.get(ADD).status_code == 403


def test_it_shows_the_register_to_superusers(root, purposes):
    client = _client(root)
    assert client.get("/admin/consent/purposeversion/").status_code == 200
    purpose = Purpose.objects.get(code=WMO)
    assert client.get(f"/admin/consent/purpose/{purpose.pk}/change/").status_code == 200
