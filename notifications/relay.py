"""The relay's loop: a thread in every Celery worker, or ``manage.py outbox_relay``.

It hands over what is pending, then sleeps until the outbox trigger's NOTIFY (PostgreSQL)
or for a second at most. The poll covers a NOTIFY missed while the listening connection was
down, and SQLite, which has no NOTIFY. Relays in several workers share the work: the claim
skips rows another relay holds (services/relay.py).
"""

import logging
import threading
from typing import Any

import psycopg
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection

from notifications import constants
from notifications.services import outbox_relay

logger = logging.getLogger(__name__)


class RelayLoop:
    def __init__(self, *, poll: float = constants.OUTBOX_RELAY_POLL_SECONDS) -> None:
        self.poll = poll
        self.stopping = threading.Event()
        self._listener: psycopg.Connection | None = None

    def run(self) -> None:
        """Until ``stop()``: listen, hand over what is pending, wait."""
        try:
            while not self.stopping.is_set():
                self._listen()  # before the relay runs, so no commit falls in between
                self._relay()
                self._wait()
        finally:
            self._unlisten()
            connection.close()

    def stop(self) -> None:
        self.stopping.set()

    def _relay(self) -> None:
        try:
            outbox_relay()
        except Exception as error:  # the database went away: a new connection next time
            logger.warning("The outbox relay failed (%s); it tries again.", type(error).__name__)
            connection.close()

    def _listen(self) -> None:
        if connection.vendor != "postgresql" or self._listener is not None:
            return
        try:
            # Its own connection in autocommit: LISTEN outlives Django closing its own.
            self._listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            self._listener.execute(f"LISTEN {constants.OUTBOX_CHANNEL}")
        except psycopg.Error as error:
            logger.warning("The outbox relay cannot listen (%s); it polls.", type(error).__name__)
            self._unlisten()

    def _wait(self) -> None:
        if self._listener is None:
            self.stopping.wait(self.poll)
            return
        try:
            woken = any(True for _ in self._listener.notifies(timeout=self.poll, stop_after=1))
            if woken:  # one relay run covers every NOTIFY that came meanwhile
                for _ in self._listener.notifies(timeout=0):
                    pass
        except psycopg.Error:
            self._unlisten()

    def _unlisten(self) -> None:
        if self._listener is not None:
            self._listener.close()
        self._listener = None


class RelayThread:
    """The loop in a daemon thread, so a worker that is killed does not wait for it."""

    def __init__(self) -> None:
        self.loop = RelayLoop()
        self.thread = threading.Thread(target=self.loop.run, name="outbox-relay", daemon=True)

    def start(self) -> "RelayThread":
        self.thread.start()
        return self

    def stop(self, *, timeout: float = 10.0) -> None:
        self.loop.stop()
        self.thread.join(timeout)


_worker_relay: dict[str, RelayThread] = {}


@worker_ready.connect(dispatch_uid="notifications.relay.start")
def _start_in_worker(**_: Any) -> None:
    if not settings.DATAMEENT_OUTBOX_RELAY_IN_WORKERS:
        return
    _worker_relay["thread"] = RelayThread().start()
    logger.info("Outbox relay started.")


@worker_shutdown.connect(dispatch_uid="notifications.relay.stop")
def _stop_in_worker(**_: Any) -> None:
    relay = _worker_relay.pop("thread", None)
    if relay is not None:
        relay.stop()
        logger.info("Outbox relay stopped.")
