"""The settings page: which messages come by e-mail, how often, and in which language."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_resident_has_a_settings_page(alice):
    """The e-mail said "Kies dat in Datameent", but no such page existed (issue 10)."""
    response = _client(alice).get("/instellingen/")

    assert response.status_code == 200
    assert "Instellingen" in response.content.decode()
