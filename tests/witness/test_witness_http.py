"""The witness as the separate process it is meant to be: ``manage.py run_witness`` in its
own interpreter, with its own key and state file, reading only the live server's public
endpoints over HTTP."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from municipal_gateway.models import Checkpoint, Cosignature, LogLeaf, WitnessAlarm
from municipal_gateway.services import checkpoint_create
from tests.witness.conftest import WITNESS_NAME, log_verifier

pytestmark = pytest.mark.integration
PROJECT = Path(settings.BASE_DIR)


def _run_witness(url: str, state_file: Path) -> subprocess.CompletedProcess:
    key = base64.b64encode(settings.ACCESS_LOG_DEMO_WITNESS_KEY).decode()
    env = {
        **os.environ,
        "WITNESS_NAME": WITNESS_NAME,
        "WITNESS_SIGNING_KEY": key,
        "WITNESS_LOG_URL": url,
        "WITNESS_LOG_VKEY": log_verifier().vkey(),
        "WITNESS_STATE_FILE": str(state_file),
    }
    command = [sys.executable, "manage.py", "run_witness", "--retries", "2", "--backoff", "0.2"]
    return subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_cosigns_over_http_and_refuses_a_shrunk_tree(
    live_server, tmp_path, alice, dave, append_entry
):
    append_entry(alice)
    checkpoint_create()
    first = _run_witness(live_server.url, tmp_path / "state.json")
    assert first.returncode == 0, first.stderr
    assert "cosigned" in first.stdout
    append_entry(dave)
    checkpoint_create()
    assert _run_witness(live_server.url, tmp_path / "state.json").returncode == 0
    assert Cosignature.objects.filter(checkpoint__tree_size=2).exists()

    LogLeaf.objects.filter(index=1).delete()
    Checkpoint.objects.filter(tree_size=2).delete()
    refused = _run_witness(live_server.url, tmp_path / "state.json")

    assert refused.returncode == 2
    assert "Refused: replayed" in refused.stderr
    assert WitnessAlarm.objects.get().reason == "replayed"


def test_it_retries_and_does_not_cosign_with_the_server_down(tmp_path, db):
    # Port 9 (discard): nothing listens there.
    result = _run_witness("http://127.0.0.1:9", tmp_path / "state.json")

    assert result.returncode == 3
    assert result.stderr.count("No answer from the log") == 2
    assert not (tmp_path / "state.json").exists()
