"""The floor under every answer to a BSN (datameent/timing.py): it pads, and it warns the
operator, without the BSN, when real work took longer."""

import logging
import time

from tests.conftest import ALICE_BSN
from tests.municipal_gateway.conftest import BIJSTAND, api_client_for

LOOKUP = "/api/v1/gateway/residents/lookup/"
BODY = {"bsn": ALICE_BSN, "purpose": BIJSTAND, "reason": "Aanvraag bijzondere bijstand"}


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    response = call()
    return 1000 * (time.perf_counter() - started), response


def test_it_pads_every_answer_to_the_floor(settings, charlie, alice):
    settings.BSN_ANSWER_FLOOR_MS = 120
    client = api_client_for(charlie)

    found, _ = _timed(lambda: client.post(LOOKUP, BODY, format="json"))
    invalid, response = _timed(lambda: client.post(LOOKUP, {"bsn": "x"}, format="json"))

    assert response.status_code == 400
    assert found >= 120 and invalid >= 120


def test_it_leaves_reads_without_a_bsn_alone(settings, charlie):
    settings.BSN_ANSWER_FLOOR_MS = 500

    elapsed, response = _timed(lambda: api_client_for(charlie).get("/api/v1/gateway/purposes/"))

    assert response.status_code == 200 and elapsed < 500


def test_it_warns_without_the_bsn_when_work_took_longer(settings, charlie, alice, caplog):
    settings.BSN_ANSWER_FLOOR_MS = 1
    caplog.set_level(logging.WARNING, logger="datameent.timing")

    api_client_for(charlie).post(LOOKUP, BODY, format="json")

    warning = next(r for r in caplog.records if r.name == "datameent.timing")
    assert "ResidentLookupApi" in warning.getMessage()
    assert "BSN_ANSWER_FLOOR_MS" in warning.getMessage()
    assert ALICE_BSN not in warning.getMessage()
