"""The witness on alice's log page and on carol's council page, in a real browser: the
warning when the witness is silent, the council's list of refusals; axe-core and no
sideways scroll at 320 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.constants import Role
from accounts.services import user_create
from municipal_gateway.models import Checkpoint, WitnessAlarm
from municipal_gateway.services import access_log_append, checkpoint_create
from tests.e2e.test_journey import AccessibilityLog, log_in
from tests.witness.conftest import WITNESS_NAME, make_witness

pytestmark = pytest.mark.integration


@pytest.fixture
def silent_witness(cast, wmo_department, tmp_path):
    """The witness cosigned alice's log four hours ago and has said nothing since; it once
    refused a checkpoint. Made before the browser starts (Playwright forbids the ORM then)."""
    access_log_append(
        resident=cast["alice"],
        caseworker=cast["bob"],
        department=wmo_department,
        purpose_code="wmo-huishoudelijke-hulp",
        purpose_version=1,
        purpose_name="Wmo huishoudelijke hulp",
        outcome="refused",
        reason="no_grant",
        stated_reason="Keukentafelgesprek",
    )
    checkpoint = checkpoint_create()
    earlier = (timezone.now() - timedelta(hours=4)).timestamp()
    make_witness(tmp_path / "state.json", clock=lambda: earlier).run_once()
    Checkpoint.objects.filter(id=checkpoint.id).update(
        created_at=timezone.now() - timedelta(hours=5)
    )
    WitnessAlarm.objects.create(
        witness_name=WITNESS_NAME,
        reason="shrunk",
        detail="the tree shrank from 4 to 3",
        tree_size=3,
        raised_at=timezone.now() - timedelta(hours=6),
    )
    user_create(username="carol", password="carol-demo-pass", role=Role.COUNCIL)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_alice_is_warned_that_the_witness_is_silent(silent_witness, new_page, width):
    a11y = AccessibilityLog()
    page = new_page("alice")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "alice", "alice-demo-pass")

    page.goto("/wie-keek-er/")

    section = page.get_by_role("region", name="Wie controleert deze lijst?")
    expect(section).to_contain_text(WITNESS_NAME)
    expect(section.get_by_role("alert")).to_contain_text("al meer dan 3 uur niet gecontroleerd")
    assert _no_sideways_scroll(page)
    a11y.check(page, f"wie-keek-er witness {width}px")
    assert a11y.problems == []


@pytest.mark.parametrize("width", [1280, 320])
def test_carol_sees_the_witness_and_its_refusals(silent_witness, new_page, width):
    a11y = AccessibilityLog()
    page = new_page("carol")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "carol", "carol-demo-pass")

    page.goto("/raad/statistieken/")

    section = page.get_by_role("region", name="Getuige van het logboek")
    expect(section).to_contain_text(WITNESS_NAME)
    expect(section.get_by_role("list")).to_contain_text("the tree shrank from 4 to 3")
    assert _no_sideways_scroll(page)
    a11y.check(page, f"raad/statistieken witness {width}px")
    assert a11y.problems == []
