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
from django.utils import timezone

START = "import django; django.setup(); from django.conf import settings; "


def _key(fill: int) -> str:
    return base64.b64encode(bytes([fill]) * 32).decode()


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "6Jv0r-Yq2xN8bW4cLm9TzQ1dHs7KpF3aUe5RgVi0oXwEyB_nC4t",
    "VAULT_KEYRING": f"2025a:{_key(1)},2024b:{_key(2)}",
    "BSN_HASH_KEY": _key(3),
    "ACCESS_LOG_SIGNING_KEY": _key(4),
    "ALLOWED_HOSTS": "datameent.example.nl",
    "PORTAL_BASE_URL": "https://datameent.example.nl",
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


@pytest.mark.parametrize("base_url", [None, "http://127.0.0.1:8000", "datameent.example.nl"])
def test_it_refuses_production_without_its_public_https_address(start, base_url):
    """E-mail links once pointed at the development address, port 8000 (issue 10)."""
    environment = _without("PORTAL_BASE_URL")
    if base_url is not None:
        environment["PORTAL_BASE_URL"] = base_url

    result = start(environment)

    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr


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
    ["django-insecure-" + "x" * 50, "short-but-not-default", "p" * 60],
    ids=["default", "short", "repetitive"],
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
    env = {key: PRODUCTION[key] for key in ("DJANGO_ENV", "ALLOWED_HOSTS", "PORTAL_BASE_URL")}
    for name in ["SECRET_KEY", "VAULT_KEYRING", "BSN_HASH_KEY", "ACCESS_LOG_SIGNING_KEY"]:
        path = tmp_path / name.lower()
        # Files written by secret stores usually end in a newline; it must not matter.
        path.write_text(PRODUCTION[name] + "\n")
        env[f"{name}_FILE"] = str(path)

    result = start(
        env,
        f"print(settings.SECRET_KEY == '{PRODUCTION['SECRET_KEY']}', settings.VAULT_KEYRING[0][0], "
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


# Issue 16, item 9. Written before the settings: on 28b0a11 `check --deploy` warned W004 and
# W008, no Strict-Transport-Security was sent, the CSP allowed inline styles and a session
# lasted 14 days.
BEHIND_PROXY = {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}


def test_check_deploy_is_clean_with_production_settings(start):
    result = start(
        BEHIND_PROXY,
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); print('clean')",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("clean")


def test_production_trusts_the_proxy_header_only_when_configured(start):
    code = "print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_SSL_REDIRECT)"

    assert start(PRODUCTION, code).stdout.strip() == "None True"
    assert start(BEHIND_PROXY, code).stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True"


def test_production_refuses_a_malformed_proxy_header(start):
    result = start({**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"})

    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO,https" in result.stderr


@pytest.fixture
def production_transport(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_plain_http_is_redirected_to_https(client, production_transport):
    response = client.get("/inloggen/", HTTP_X_FORWARDED_PROTO="http")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/inloggen/"


def test_https_behind_the_proxy_gets_hsts(client, production_transport):
    response = client.get("/inloggen/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("path", ["/", "/inloggen/", "/api/docs/"])
def test_the_csp_allows_no_inline_style_or_script(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "style-src 'self'" in policy
    body = response.content.decode()
    # What the policy now forbids must not be in the page either, or it silently breaks.
    assert " style=" not in body
    assert "<style" not in body
    assert "<script>" not in body


def test_no_template_has_an_inline_style_or_script():
    offenders = []
    for folder in [
        Path(settings.BASE_DIR) / "templates",
        *Path(settings.BASE_DIR).glob("*/templates"),
    ]:
        for template in folder.rglob("*.html"):
            if "notifications/email" in str(template):
                continue  # e-mails are read in a mail client, not under the site's CSP
            text = template.read_text()
            if " style=" in text or "<style" in text or "<script>" in text:
                offenders.append(str(template.relative_to(settings.BASE_DIR)))

    assert offenders == []


def test_an_idle_session_ends_after_15_minutes(client, alice, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(alice)
    assert client.get("/toestemmingen/").status_code == 200

    time_machine.shift(14 * 60)
    assert client.get("/toestemmingen/").status_code == 200  # activity keeps it alive
    time_machine.shift(14 * 60)
    assert client.get("/toestemmingen/").status_code == 200
    time_machine.shift(15 * 60 + 1)

    response = client.get("/toestemmingen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_a_session_ends_at_its_absolute_lifetime_even_when_active(
    client, alice, time_machine, settings
):
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(alice)
    assert client.get("/toestemmingen/").status_code == 200  # the session's first request
    for _ in range(4):
        time_machine.shift(14 * 60)
        assert client.get("/toestemmingen/").status_code == 200
    time_machine.shift(5 * 60)  # 61 minutes after the login, never idle for 15

    response = client.get("/toestemmingen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_it_shows_the_configured_municipality(start, tmp_path):
    theme = tmp_path / "proefdorp"
    theme.mkdir()
    (theme / "wapen.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (theme / "theme.json").write_text('{"name": "Gemeente Proefdorp", "logo": "wapen.svg"}')
    code = "from datameent.theme import current_theme; print(current_theme().name)"

    result = start({**PRODUCTION, "DATAMEENT_THEME": str(theme)}, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Gemeente Proefdorp"


def test_it_refuses_a_broken_theme(start, tmp_path):
    result = start({**PRODUCTION, "DATAMEENT_THEME": str(tmp_path / "bestaat-niet")})

    assert result.returncode != 0
    assert "DATAMEENT_THEME" in result.stderr and "theme.json cannot be read" in result.stderr


def test_production_without_a_theme_names_no_demo_municipality(start):
    code = "from datameent.theme import current_theme; print(current_theme().name)"

    result = start(PRODUCTION, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Datameent"


def test_production_leaves_the_demo_out_so_seed_demo_is_unknown(start, tmp_path):
    """The demo makes accounts whose passwords are in the README, a superuser among them."""
    result = start(PRODUCTION, "print('demo' in settings.INSTALLED_APPS)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"

    command = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        env={
            "PATH": os.environ.get("PATH", ""),
            "DATAMEENT_VAR_DIR": str(tmp_path / "var"),
            **PRODUCTION,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert command.returncode != 0
    assert "Unknown command: 'seed_demo'" in command.stderr


def test_a_demo_server_asks_for_the_demo_in_production(start):
    result = start({**PRODUCTION, "DATAMEENT_DEMO": "1"}, "print(settings.INSTALLED_APPS[-1])")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "demo"


def test_development_and_the_tests_have_the_demo():
    assert "demo" in settings.INSTALLED_APPS
