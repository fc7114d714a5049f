"""A witness against this test's database. Its HTTP goes through Django's test client (the
real views, no network); tests marked integration use a live server instead."""

import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from datameent import tlog
from tests.municipal_gateway.conftest import alice_chain, append_entry, tamper  # noqa: F401
from vault import crypto
from witness.client import LogClient, LogRefused, LogUnreachable
from witness.core import Witness

WITNESS_NAME = settings.ACCESS_LOG_DEMO_WITNESS_NAME


class InProcessLogClient(LogClient):
    """The witness's own client, with only the transport swapped for the test client."""

    def _send(self, request: urllib.request.Request) -> bytes:
        path = request.full_url.removeprefix(self.base_url)
        client = Client()
        if request.data is None:
            response = client.get(path)
        else:
            content_type = request.get_header("Content-type") or "application/octet-stream"
            response = client.post(path, request.data, content_type=content_type)
        if response.status_code >= 500:
            raise LogUnreachable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise LogRefused(response.status_code, response.content.decode())
        return response.content


def log_verifier() -> tlog.Verifier:
    origin = settings.ACCESS_LOG_ORIGIN
    return tlog.Verifier(origin, tlog.SIGNATURE_ED25519, crypto.signing_public_key())


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        self.now += 60
        return self.now


def make_witness(state_file: Path, client: LogClient | None = None, clock=None) -> Witness:
    return Witness(
        name=WITNESS_NAME,
        seed=settings.ACCESS_LOG_DEMO_WITNESS_KEY,
        log=log_verifier(),
        client=client or InProcessLogClient("http://testserver"),
        state_file=state_file,
        clock=clock or Clock(),
    )


@pytest.fixture
def witness(db, tmp_path) -> Witness:
    return make_witness(tmp_path / "witness" / "state.json")
