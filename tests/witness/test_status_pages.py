"""What the resident and the client council see of the witness: its name, when it last
cosigned, a warning in plain words when that is too long ago, and its refusals."""

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from municipal_gateway.services import checkpoint_create
from tests.witness.conftest import WITNESS_NAME, make_witness
from witness.core import Refusal

VERIFY_URL = "/api/v1/me/access-log/verify/"
LOG_PAGE = "/wie-keek-er/"
COUNCIL_PAGE = "/raad/statistieken/"
WARNING_NL = "Een onafhankelijke getuige heeft uw logboek al meer dan 3 uur niet gecontroleerd."
WARNING_EN = "An independent witness has not checked your log for more than 3 hours."


@pytest.fixture
def live_witness(db, tmp_path):
    """A witness on the real clock, as the demo runs it."""
    return make_witness(tmp_path / "state.json", clock=lambda: timezone.now().timestamp())


def _verify(user, language: str = "nl") -> dict:
    client = APIClient()
    client.force_login(user)
    return client.get(VERIFY_URL, HTTP_ACCEPT_LANGUAGE=language).json()


def test_the_resident_sees_who_witnessed_her_log_and_when(
    live_witness, alice, alice_chain, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    checkpoint_create()
    live_witness.run_once()

    witness = _verify(alice)["witness"]

    assert witness["witness"] == WITNESS_NAME
    assert (witness["witnessed_tree_size"], witness["latest_tree_size"]) == (1, 1)
    assert witness["last_cosigned_at"] is not None
    assert (witness["stale"], witness["warning"]) == (False, None)


def test_she_is_warned_in_plain_words_when_the_witness_is_silent_too_long(
    live_witness, alice, alice_chain, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    checkpoint_create()
    live_witness.run_once()
    time_machine.shift(settings.ACCESS_LOG_WITNESS_MAX_AGE + 60)

    body = _verify(alice)

    assert body["ok"] is True and body["witness"]["stale"] is True
    assert body["witness"]["warning"].startswith(WARNING_NL)
    assert _verify(alice, "en")["witness"]["warning"].startswith(WARNING_EN)


def test_a_checkpoint_nobody_witnessed_goes_stale_too(alice, alice_chain, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    checkpoint_create()
    assert _verify(alice)["witness"]["stale"] is False

    time_machine.shift(settings.ACCESS_LOG_WITNESS_MAX_AGE + 60)

    assert _verify(alice)["witness"] == {
        "witness": None,
        "witnessed_tree_size": None,
        "last_cosigned_at": None,
        "latest_tree_size": 1,
        "stale": True,
        "warning": _verify(alice)["witness"]["warning"],
    }


def test_her_log_page_names_the_witness(client, live_witness, alice, alice_chain):
    checkpoint_create()
    client.force_login(alice)
    assert "nog niet gecontroleerd" in client.get(LOG_PAGE).content.decode()

    live_witness.run_once()
    page = client.get(LOG_PAGE).content.decode()

    assert WITNESS_NAME in page and "De laatste controle was op" in page
    assert 'role="alert"' not in page


def test_her_log_page_warns_when_the_witness_is_silent(
    client, live_witness, alice, alice_chain, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    checkpoint_create()
    live_witness.run_once()
    time_machine.shift(settings.ACCESS_LOG_WITNESS_MAX_AGE + 60)
    client.force_login(alice)

    page = client.get(LOG_PAGE).content.decode()

    assert WARNING_NL in page


def test_the_council_sees_the_witness_and_its_refusals(
    client, live_witness, carol, alice, alice_chain, tamper
):
    from municipal_gateway.models import Checkpoint

    client.force_login(carol)
    assert (
        "Er is nog geen handtekening van een getuige." in client.get(COUNCIL_PAGE).content.decode()
    )
    checkpoint_create()
    live_witness.run_once()
    page = client.get(COUNCIL_PAGE).content.decode()
    assert WITNESS_NAME in page and "De getuige heeft het logboek nooit geweigerd." in page

    # A replayed checkpoint of another size: the witness refuses, the council sees why.
    Checkpoint.objects.update(tree_size=0)
    with pytest.raises(Refusal):
        live_witness.run_once()
    page = client.get(COUNCIL_PAGE).content.decode()

    assert "de handtekening van de gemeente klopte niet" in page


def test_only_the_council_sees_the_council_page(client, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        assert client.get(COUNCIL_PAGE).status_code in (302, 403, 404)
