"""Staff log in with the municipality's provider: role and departments from the groups claim."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from accounts.constants import Role
from accounts.models import User
from accounts.selectors import department_ids_for_user
from identity.models import GroupMapping
from municipal_gateway.models import AccessLogEntry
from tests.municipal_gateway.conftest import READ_HEADERS, WMO, records_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
STAFF_LOGIN = "/inloggen/medewerker/"


@pytest.fixture
def mappings(wmo_department, income_department):
    GroupMapping.objects.create(group="gg-wmo", role=Role.CASEWORKER, department=wmo_department)
    GroupMapping.objects.create(
        group="gg-inkomen", role=Role.CASEWORKER, department=income_department
    )
    GroupMapping.objects.create(group="gg-clientenraad", role=Role.COUNCIL)


def staff_login(browser_factory, groups: str, sub: str = "emp-7"):
    browser = browser_factory()
    response = browser.login(STAFF_LOGIN, sub=sub, groups=groups, name="Eva")
    return browser, response


def session_user(browser) -> User | None:
    user_id = browser.client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_groups_give_role_and_departments(oidc, browser_factory, mappings, wmo_department):
    browser, response = staff_login(browser_factory, "gg-wmo,gg-inkomen,unmapped")
    assert response.status_code == 302 and response["Location"] == "/"
    user = session_user(browser)
    assert user is not None and user.role == Role.CASEWORKER and user.first_name == "Eva"
    assert len(department_ids_for_user(user=user, at=timezone.now())) == 2
    assert browser.client.session["identity_provider"] == "staff"

    again, _ = staff_login(browser_factory, "gg-wmo")
    assert session_user(again) == user
    assert department_ids_for_user(user=user, at=timezone.now()) == {wmo_department.pk}


def test_a_dropped_group_ends_the_membership_and_the_gateway_refuses(
    oidc, browser_factory, mappings, alice, wmo_grant, bob_reference
):
    browser, _ = staff_login(browser_factory, "gg-wmo,gg-inkomen")
    before = browser.client.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    assert before.status_code == 200, before.content

    browser, _ = staff_login(browser_factory, "gg-inkomen")
    after = browser.client.get(records_url(bob_reference), {"purpose": WMO}, **READ_HEADERS)
    assert after.status_code in (403, 404)
    outcomes = sorted(AccessLogEntry.objects.values_list("outcome", "reason"))
    assert outcomes == [("allowed", "allowed"), ("refused", "not_a_member_of_department")]
    # Both reads are logged with how the caseworker logged in (the test provider sends no acr).
    logins = set(AccessLogEntry.objects.values_list("login_method", "login_assurance"))
    assert logins == {("staff", "")}


def test_a_leaver_without_mapped_groups_is_refused_and_loses_every_department(
    oidc, browser_factory, mappings
):
    first, _ = staff_login(browser_factory, "gg-wmo")
    user = session_user(first)

    browser, response = staff_login(browser_factory, "")
    assert response["Location"] == "/inloggen/geen-toegang/"
    assert session_user(browser) is None
    assert department_ids_for_user(user=user, at=timezone.now()) == set()


def test_groups_decide_the_role(oidc, browser_factory, mappings):
    browser, _ = staff_login(browser_factory, "gg-clientenraad", sub="council-1")
    assert session_user(browser).role == Role.COUNCIL
