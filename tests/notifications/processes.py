"""Real ``celery worker`` and ``celery beat`` processes for the integration tests.

They run against the test database pytest-django created (PostgreSQL, so a second process
can see it) and a dedicated Redis database, and are stopped before the database goes.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.db import connection

CELERY = str(Path(sys.executable).parent / "celery")
ROOT = Path(__file__).resolve().parents[2]


def wait_for(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def database_url_for_workers() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
    return (
        f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


class CeleryProcess:
    def __init__(self, *, args: list[str], env: dict[str, str], log: Path, ready: str) -> None:
        self.log_path = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [CELERY, *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so a kill takes the children
            )
        wait_for(lambda: ready in self.log(), timeout=120, what=f"celery {args[2]} to start")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole group: no warm shutdown, no requeue, like a crashed machine."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass


class Celery:
    """Starts workers and beat with the test's database and broker; stops them all."""

    def __init__(self, *, broker_url: str, tmp_path: Path) -> None:
        self.broker_url = broker_url
        self.tmp_path = tmp_path
        self.processes: list[CeleryProcess] = []

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "datameent.settings",
            "DATABASE_URL": database_url_for_workers(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "PYTHONPATH": str(ROOT),
            **extra,
        }

    def worker(self, **env: str) -> CeleryProcess:
        name = f"test-{uuid.uuid4().hex[:8]}@%h"
        args = ["-A", "datameent", "worker", "--loglevel=INFO", "--concurrency=1", "-n", name]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        return self._start(args, env, ready=" ready.")

    def beat(self, *, app: str, **env: str) -> CeleryProcess:
        schedule = str(self.tmp_path / f"beat-{uuid.uuid4().hex[:8]}")
        args = ["-A", app, "beat", "--loglevel=INFO", "-s", schedule, "--max-interval=1"]
        return self._start(args, env, ready="beat: Starting")

    def _start(self, args: list[str], env: dict[str, str], *, ready: str) -> CeleryProcess:
        log = self.tmp_path / f"{args[2]}-{len(self.processes)}.log"
        process = CeleryProcess(args=args, env=self.env(**env), log=log, ready=ready)
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            process.stop()
            # Captured by pytest and shown only when the test failed.
            print(f"===== {process.log_path.name} =====\n{process.log()[-6000:]}")
