"""No staff route to a resident's data or control: root tries every admin route against
dave and alice, and afterwards dave's export is still out of reach and alice can still log
in and withdraw."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.constants import Role
from accounts.exceptions import ResidentProtected
from accounts.models import User
from accounts.services import resident_profile_update, user_deactivate

CHANGELIST = "/admin/accounts/user/"
NO_MEMBERSHIPS = {
    "memberships-TOTAL_FORMS": "0",
    "memberships-INITIAL_FORMS": "0",
    "memberships-MIN_NUM_FORMS": "0",
    "memberships-MAX_NUM_FORMS": "1000",
}
GUARDED = [
    *("username", "password", "is_active", "is_staff", "is_superuser", "role"),
    *("email", "first_name", "last_name"),
]


@pytest.fixture
def wmo_grant(alice, wmo_department, income_department):
    from consent.services import grant_create, purposes_seed

    purposes_seed()
    return grant_create(
        resident=alice, purpose_code="wmo-huishoudelijke-hulp", categories=["household"]
    )


def _state(user: User) -> dict:
    return User.objects.filter(pk=user.pk).values(*GUARDED).get()


def _change_url(user: User) -> str:
    return f"{CHANGELIST}{user.pk}/change/"


def _form(user: User, **overrides: str | None) -> dict:
    """The change form as the admin would post it unchanged, with ``overrides``
    (None leaves a field out, as an unticked box does)."""
    data: dict[str, str | None] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else None,
        "is_staff": "on" if user.is_staff else None,
        "is_superuser": "on" if user.is_superuser else None,
        "role": user.role,
        "date_joined_0": user.date_joined.strftime("%d-%m-%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        **NO_MEMBERSHIPS,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def _logs_in(username: str, password: str, client: Client | None = None) -> bool:
    client = client or Client()
    response = client.post("/inloggen/", {"username": username, "password": password})
    return response.status_code == 302


def test_it_saves_an_unchanged_resident_form(root_client, dave):
    # The control: the form below is complete, so a refusal is the guard, not bad data.
    response = root_client.post(_change_url(dave), _form(dave))

    assert response.status_code == 302


@pytest.mark.parametrize(
    "overrides",
    [
        {"is_active": None},
        {"is_staff": "on"},
        {"is_superuser": "on"},
        {"role": Role.CASEWORKER},
        {"role": Role.ADMIN, "is_staff": "on"},
        {"username": "dave2"},
        # Found by the black-box recheck: mail for the resident went to the attacker.
        {"email": "attacker@evil.example"},
        {"first_name": "Iemand"},
        {"last_name": "Anders"},
    ],
)
def test_it_refuses_to_change_a_residents_control_fields(root_client, dave, overrides):
    before = _state(dave)

    response = root_client.post(_change_url(dave), _form(dave, **overrides))

    assert response.status_code == 200
    assert "inwoner" in response.content.decode()
    assert _state(dave) == before


def test_it_ignores_a_password_posted_with_the_change_form(root_client, dave):
    before = _state(dave)

    root_client.post(_change_url(dave), _form(dave, password="md5$x$new"))

    assert _state(dave) == before


def test_it_refuses_to_turn_staff_into_a_resident(root_client, bob):
    before = _state(bob)

    response = root_client.post(_change_url(bob), _form(bob, role=Role.RESIDENT))

    assert response.status_code == 200
    assert _state(bob) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_the_password_change_view_for_a_resident(root_client, dave, method):
    before = _state(dave)
    data = {"password1": "Een-nieuw-wachtwoord-1", "password2": "Een-nieuw-wachtwoord-1"}
    data |= {"usable_password": "true"}

    response = getattr(root_client, method)(f"{CHANGELIST}{dave.pk}/password/", data, follow=True)

    assert response.redirect_chain[-1] == (_change_url(dave), 302)
    assert "wachtwoord" in _messages(response)
    assert _state(dave) == before
    assert not _logs_in("dave", "Een-nieuw-wachtwoord-1")
    assert _logs_in("dave", "dave-demo-pass")


def test_it_still_changes_a_staff_password(root_client, bob):
    data = {"password1": "Een-nieuw-wachtwoord-1", "password2": "Een-nieuw-wachtwoord-1"}
    data |= {"usable_password": "true"}

    root_client.post(f"{CHANGELIST}{bob.pk}/password/", data)

    assert _logs_in("bob", "Een-nieuw-wachtwoord-1")


def test_the_change_page_offers_no_password_link_for_a_resident(root_client, dave):
    page = root_client.get(_change_url(dave)).content.decode()

    assert f"{CHANGELIST}{dave.pk}/password/" not in page


@pytest.mark.parametrize("usernames", [["alice"], ["alice", "bob"]])
def test_it_refuses_to_deactivate_a_resident(root_client, alice, bob, usernames):
    selected = list(User.objects.filter(username__in=usernames).values_list("pk", flat=True))
    before = [_state(alice), _state(bob)]

    response = root_client.post(
        CHANGELIST, {"action": "deactivate", "_selected_action": selected}, follow=True
    )

    assert "inwoner" in _messages(response)
    assert [_state(alice), _state(bob)] == before


def test_it_refuses_to_add_a_resident_in_the_admin(root_client, db):
    data = {
        "username": "erin",
        "password1": "Een-nieuw-wachtwoord-1",
        "password2": "Een-nieuw-wachtwoord-1",
        "usable_password": "true",
        "role": Role.RESIDENT,
        **NO_MEMBERSHIPS,
    }

    response = root_client.post(f"{CHANGELIST}add/", data)

    assert response.status_code == 200
    assert "melden zich zelf aan" in response.content.decode()
    assert not User.objects.filter(username="erin").exists()


def test_it_still_adds_a_caseworker_in_the_admin(root_client, db):
    data = {
        "username": "frank",
        "password1": "Een-nieuw-wachtwoord-1",
        "password2": "Een-nieuw-wachtwoord-1",
        "usable_password": "true",
        "role": Role.CASEWORKER,
        **NO_MEMBERSHIPS,
    }

    root_client.post(f"{CHANGELIST}add/", data)

    assert User.objects.get(username="frank").role == Role.CASEWORKER


def test_it_refuses_to_delete_a_resident(root_client, dave):
    root_client.post(f"{CHANGELIST}{dave.pk}/delete/", {"post": "yes"})

    assert User.objects.filter(pk=dave.pk).exists()


def test_after_every_route_root_has_no_export_and_alice_can_withdraw(
    root_client, alice, dave, bob, wmo_grant
):
    password = "Een-nieuw-wachtwoord-1"
    root_client.post(
        f"{CHANGELIST}{dave.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
    )
    root_client.post(_change_url(dave), _form(dave, is_active=None))
    root_client.post(_change_url(alice), _form(alice, is_active=None))
    root_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [alice.pk]})

    assert root_client.get("/api/v1/me/export/").status_code in (403, 404)
    assert not _logs_in("dave", password)
    alices_browser = Client()
    assert _logs_in("alice", "alice-demo-pass", alices_browser)
    response = alices_browser.post(f"/api/v1/me/consents/{wmo_grant.pk}/revoke/")
    assert response.status_code == 200
    wmo_grant.refresh_from_db()
    assert wmo_grant.revoked_at is not None


def test_the_service_refuses_to_deactivate_a_resident(alice):
    with pytest.raises(ResidentProtected):
        user_deactivate(user=alice)

    assert User.objects.get(pk=alice.pk).is_active


@pytest.mark.parametrize(
    "change",
    [
        lambda user: user.set_password("Een-nieuw-wachtwoord-1"),
        lambda user: user.set_unusable_password(),
        lambda user: setattr(user, "is_active", False),
        lambda user: setattr(user, "is_superuser", True),
        lambda user: setattr(user, "role", Role.CASEWORKER),
        lambda user: setattr(user, "username", "alice2"),
        lambda user: setattr(user, "email", "attacker@evil.example"),
        lambda user: setattr(user, "first_name", "Iemand"),
    ],
)
def test_the_model_refuses_staff_changes_to_a_resident(alice, change):
    before = _state(alice)

    with pytest.raises(ResidentProtected):
        change(alice)
        alice.save()

    assert _state(alice) == before


def test_changepassword_refuses_a_resident(dave):
    with pytest.raises(CommandError, match="inwoner"):
        call_command("changepassword", "dave")

    assert _logs_in("dave", "dave-demo-pass")


def test_createsuperuser_makes_an_administrator(db):
    call_command("createsuperuser", "--noinput", username="olivia", email="o@example.org")

    assert User.objects.get(username="olivia").role == Role.ADMIN


def test_a_resident_still_logs_in_after_a_password_hash_upgrade(alice, settings):
    # Django re-hashes on login when the hasher changes; that is not a staff password set.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    assert _logs_in("alice", "alice-demo-pass")
    assert User.objects.get(pk=alice.pk).password.startswith("pbkdf2")


def test_the_resident_changes_her_own_address_and_name(alice):
    resident_profile_update(resident=alice, email="alice@example.org", first_name="Alie")

    alice.refresh_from_db()
    assert (alice.email, alice.first_name) == ("alice@example.org", "Alie")
