"""Production settings refuse to start when a secret is missing, weak or malformed.

Each case starts Django in a fresh interpreter with a controlled environment, the way a
server process would, because settings are read once per process.
"""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

START = "import django; django.setup(); from django.conf import settings; "


def _key(fill: int) -> str:
    return base64.b64encode(bytes([fill]) * 32).decode()


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "p" * 50,
    "VAULT_KEYRING": f"2025a:{_key(1)},2024b:{_key(2)}",
    "BSN_HASH_KEY": _key(3),
    "ACCESS_LOG_SIGNING_KEY": _key(4),
    "ALLOWED_HOSTS": "datameent.example.nl",
}


@pytest.fixture
def start(tmp_path):
    def run(env: dict[str, str], code: str = "print('started')") -> subprocess.CompletedProcess:
        base = {
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "datameent.settings",
            "DATAMEENT_VAR_DIR": str(tmp_path / "var"),
        }
        return subprocess.run(
            [sys.executable, "-c", START + code],
            env={**base, **env},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


def _without(name: str) -> dict[str, str]:
    return {key: value for key, value in PRODUCTION.items() if key != name}


def test_it_starts_with_a_complete_production_environment(start, tmp_path):
    result = start(PRODUCTION, "print(settings.DEBUG, [kid for kid, _ in settings.VAULT_KEYRING])")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['2025a', '2024b']"
    # Production never falls back to a development key ring.
    assert not (tmp_path / "var").exists()


def test_it_refuses_debug_in_production(start):
    result = start({**PRODUCTION, "DEBUG": "true"})

    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


@pytest.mark.parametrize(
    "name", ["VAULT_KEYRING", "SECRET_KEY", "BSN_HASH_KEY", "ACCESS_LOG_SIGNING_KEY"]
)
def test_it_refuses_a_missing_secret(start, name):
    result = start(_without(name))

    assert result.returncode != 0
    assert f"{name} (or {name}_FILE) must be set in production" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["django-insecure-" + "x" * 50, "short-but-not-default"],
    ids=["default", "short"],
)
def test_it_refuses_a_default_or_short_secret_key(start, secret_key):
    result = start({**PRODUCTION, "SECRET_KEY": secret_key})

    assert result.returncode != 0
    assert "SECRET_KEY is a default or too short" in result.stderr


@pytest.mark.parametrize(
    ("keyring", "message"),
    [
        (_key(1), "VAULT_KEYRING entries must look like id:base64key"),
        (f":{_key(1)}", "VAULT_KEYRING entries must look like id:base64key"),
        ("k1:not-base64!", "VAULT_KEYRING[k1] is not valid base64"),
        (f"k1:{base64.b64encode(b'x' * 16).decode()}", "must hold 32 bytes, it holds 16"),
        (f"k1:{_key(1)},k1:{_key(2)}", "VAULT_KEYRING has a key id more than once"),
        (" , ", "VAULT_KEYRING is empty"),
    ],
    ids=["no-id", "empty-id", "bad-base64", "short-key", "duplicate-id", "empty"],
)
def test_it_refuses_a_malformed_keyring(start, keyring, message):
    result = start({**PRODUCTION, "VAULT_KEYRING": keyring})

    assert result.returncode != 0
    assert message in result.stderr
    # The error names the problem, never the key material.
    assert _key(1) not in result.stderr


def test_it_refuses_a_bsn_hash_key_of_the_wrong_length(start):
    result = start({**PRODUCTION, "BSN_HASH_KEY": base64.b64encode(b"k" * 31).decode()})

    assert result.returncode != 0
    assert "BSN_HASH_KEY must hold 32 bytes, it holds 31" in result.stderr


def test_it_reads_every_secret_from_a_file(start, tmp_path):
    env = {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "datameent.example.nl"}
    for name in ["SECRET_KEY", "VAULT_KEYRING", "BSN_HASH_KEY", "ACCESS_LOG_SIGNING_KEY"]:
        path = tmp_path / name.lower()
        # Files written by secret stores usually end in a newline; it must not matter.
        path.write_text(PRODUCTION[name] + "\n")
        env[f"{name}_FILE"] = str(path)

    result = start(
        env,
        "print(settings.SECRET_KEY == 'p' * 50, settings.VAULT_KEYRING[0][0], "
        "settings.BSN_HASH_KEY == bytes([3]) * 32, settings.ACCESS_LOG_SIGNING_KEY[:1])",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 2025a True b'\\x04'"


def test_it_reads_a_multiline_keyring_file(start, tmp_path):
    path = tmp_path / "keyring"
    path.write_text(f"2025a:{_key(1)}\n2024b:{_key(2)}\n")

    result = start(
        {**_without("VAULT_KEYRING"), "VAULT_KEYRING_FILE": str(path)},
        "print([kid for kid, _ in settings.VAULT_KEYRING])",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['2025a', '2024b']"


def test_it_refuses_an_unreadable_secret_file(start, tmp_path):
    missing = Path(tmp_path / "nowhere")

    result = start({**_without("VAULT_KEYRING"), "VAULT_KEYRING_FILE": str(missing)})

    assert result.returncode != 0
    assert f"VAULT_KEYRING_FILE={missing} cannot be read" in result.stderr
