"""Fault drill: PostgreSQL drops every connection of the app (issue 16, item 10).

Real gunicorn workers and a real Celery worker hold persistent connections to the test
database; ``pg_terminate_backend`` kills them all, as a database restart or failover would.
Then requests and tasks come in. Each must succeed on a fresh connection: not one HTML 500,
not one failed task. Exact counts, so a single first-request failure per process shows.
"""

import os
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.services import api_token_create
from consent.services import purposes_seed
from tests.notifications.processes import Celery, database_url_for_workers, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WORKERS = 2
REQUESTS = 20
TASKS = 10
APP = "datameent-drill"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _app_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "datameent.settings",
        # The application name tells the app's connections from the test's own.
        "DATABASE_URL": f"{database_url_for_workers()}?application_name={APP}",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _app_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP])
        return cursor.fetchone()[0]


def _terminate_app_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = %s",
            [APP],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def gunicorn(require_postgres, tmp_path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    args = [GUNICORN, "datameent.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", str(WORKERS), "--access-logfile", "-"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, env=_app_env(), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url), timeout=60, what="gunicorn to answer")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        print(f"===== gunicorn.log =====\n{log.read_text(errors='replace')[-6000:]}")


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/inloggen/", timeout=10).status_code < 500
    except requests.RequestException:
        return False


def _kind(response: requests.Response) -> str:
    if response.status_code == 200:
        return "ok"
    json = response.headers.get("Content-Type", "").startswith("application/json")
    return f"{response.status_code} {'json' if json else 'html'}"


def _callers(alice, bob) -> list[requests.Session]:
    """bob's case system on the API and alice's browser on the portal."""
    system = requests.Session()
    system.headers["Authorization"] = f"Token {api_token_create(user=bob, name='drill')[1]}"
    browser = requests.Session()
    client = Client()
    client.force_login(alice)
    name = settings.SESSION_COOKIE_NAME
    browser.cookies.set(name, client.cookies[name].value)
    return [system, browser]


PATHS = ["/api/v1/gateway/purposes/", "/toestemmingen/"]


def _send(url: str, callers: list[requests.Session], count: int, *, path: int) -> Counter:
    return Counter(_kind(callers[path].get(url + PATHS[path], timeout=30)) for _ in range(count))


def _drop_all_connections(url: str, callers: list[requests.Session]) -> None:
    # Warm up until every worker holds its own persistent connection, then kill them all.
    wait_for(
        lambda: _send(url, callers, 2, path=0) and _app_backends() == WORKERS,
        timeout=60,
        what=f"{WORKERS} workers with a database connection",
    )
    assert _terminate_app_backends() == WORKERS
    wait_for(lambda: _app_backends() == 0, timeout=10, what="the backends to go")


def test_web_workers_survive_the_database_dropping_their_connections(gunicorn, alice, bob):
    """Once for the API and once for the portal, each the first request after the drop."""
    purposes_seed()
    callers = _callers(alice, bob)
    kinds: Counter = Counter()
    for path in range(len(PATHS)):
        _drop_all_connections(gunicorn, callers)
        kinds += _send(gunicorn, callers, REQUESTS // 2, path=path)

    assert kinds == Counter({"ok": REQUESTS})


@pytest.fixture
def celery_worker(require_postgres, require_redis, tmp_path) -> Iterator[Celery]:
    celery = Celery(broker_url=require_redis, tmp_path=tmp_path)
    try:
        yield celery
    finally:
        celery.stop_all()


def _task_outcomes(log: str) -> Counter:
    lines = [line for line in log.splitlines() if "create_checkpoint[" in line]
    return Counter(
        "succeeded" if " succeeded in " in line else "failed"
        for line in lines
        if " succeeded in " in line or " raised " in line or "ERROR" in line
    )


def test_a_celery_worker_survives_the_database_dropping_its_connection(celery_worker):
    from datameent.celery import app

    # Without its outbox relay: the drill counts and drops the task's connection alone.
    worker = celery_worker.worker(
        DATABASE_URL=_app_env()["DATABASE_URL"], DATAMEENT_OUTBOX_RELAY_IN_WORKERS="false"
    )
    app.conf.broker_url = celery_worker.broker_url
    try:
        with app.connection_for_write() as broker:
            send = lambda: app.send_task(  # noqa: E731
                "municipal_gateway.tasks.create_checkpoint", connection=broker
            )
            send()
            # The first task must have finished, not only connected: its backend shows in
            # pg_stat_activity before the worker has set the connection up, and killing it
            # then would fail that task mid-way, a different fault from the one drilled here.
            wait_for(
                lambda: sum(_task_outcomes(worker.log()).values()) == 1 and _app_backends() == 1,
                timeout=30,
                what="the first task to finish on a kept connection",
            )
            assert _terminate_app_backends() == 1
            # Dropped, not being dropped: pg_terminate_backend only signals the backend, and a
            # task that raced its exit would test a different fault (a connection dying mid-task).
            wait_for(lambda: _app_backends() == 0, timeout=10, what="the backend to go")
            for _ in range(TASKS):
                send()
            wait_for(
                lambda: sum(_task_outcomes(worker.log()).values()) == TASKS + 1,
                timeout=60,
                what="the tasks to finish",
            )
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL

    assert _task_outcomes(worker.log()) == Counter({"succeeded": TASKS + 1})
