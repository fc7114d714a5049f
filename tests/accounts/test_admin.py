"""No admin route deletes an account: residents erase themselves, staff are deactivated."""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from accounts.constants import Role
from accounts.models import ApiToken, User
from accounts.selectors import api_token_user
from accounts.services import api_token_create, user_create
from tests.factories import RecordFactory
from vault.constants import VaultState
from vault.models import Vault
from vault.selectors import record_get_for_resident

CHANGELIST = "/admin/accounts/user/"


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _delete_page(user: User) -> str:
    return f"{CHANGELIST}{user.pk}/delete/"


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_it_refuses_to_delete_a_resident_and_changes_nothing(root_client, alice):
    record = RecordFactory(resident=alice, title="Indicatie")
    before = _row_counts()

    response = root_client.post(_delete_page(alice), {"post": "yes"}, follow=True)

    assert response.redirect_chain == [(f"{CHANGELIST}{alice.pk}/change/", 302)]
    assert "wisstappen overslaan" in _messages(response)
    assert _row_counts() == before
    assert Vault.objects.get(resident=alice).state == VaultState.ACTIVE
    assert record_get_for_resident(resident=alice, record_id=record.id).title == "Indicatie"


def test_it_refuses_a_resident_without_a_vault(root_client):
    resident = user_create(username="erin", password=None, role=Role.RESIDENT)
    before = _row_counts()

    response = root_client.post(_delete_page(resident), {"post": "yes"}, follow=True)

    assert "wisstappen overslaan" in _messages(response)
    assert _row_counts() == before


def test_it_offers_no_delete_button_or_bulk_delete(root_client, alice):
    change_page = root_client.get(f"{CHANGELIST}{alice.pk}/change/").content.decode()
    changelist = root_client.get(CHANGELIST).content.decode()

    assert _delete_page(alice) not in change_page
    assert "delete_selected" not in changelist
    assert 'value="deactivate"' in changelist


@pytest.mark.parametrize("usernames", [["alice"], ["erin"], ["bob", "carol"]])
def test_it_deletes_nobody_with_a_forged_bulk_delete(root_client, alice, bob, carol, usernames):
    user_create(username="erin", password=None, role=Role.RESIDENT)  # a resident without a vault
    selected = list(User.objects.filter(username__in=usernames).values_list("pk", flat=True))
    before = _row_counts()

    root_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )

    assert _row_counts() == before


def test_it_refuses_to_delete_staff_and_points_to_deactivation(root_client, bob, carol):
    before = _row_counts()

    for user in (bob, carol):
        response = root_client.post(_delete_page(user), {"post": "yes"}, follow=True)
        assert "Geselecteerde accounts deactiveren" in _messages(response)
    assert _row_counts() == before


def test_it_deactivates_staff_and_revokes_their_tokens(root_client, bob, carol, charlie):
    _, token = api_token_create(user=bob, name="zaaksysteem")
    memberships = bob.memberships.count()

    root_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [bob.pk, carol.pk]})

    assert list(User.objects.filter(is_active=False).order_by("username")) == [bob, carol]
    assert api_token_user(token=token, at=timezone.now()) is None
    assert not ApiToken.objects.filter(user=bob, revoked_at=None).exists()
    assert bob.memberships.count() == memberships
    assert User.objects.get(pk=charlie.pk).is_active


def test_it_keeps_the_session_of_a_deactivated_caseworker_out(root_client, bob):
    bobs_client = Client()
    bobs_client.force_login(bob)
    assert bobs_client.get("/api/v1/gateway/purposes/").status_code == 200

    root_client.post(CHANGELIST, {"action": "deactivate", "_selected_action": [bob.pk]})

    assert bobs_client.get("/api/v1/gateway/purposes/").status_code == 403
