"""Handing outbox messages to the broker: the relay, and the sweep as its safety net.

A message is recorded pending (``dispatched_at`` NULL) in its cause's transaction; no
request talks to the broker. The relay claims pending rows a batch at a time with one
UPDATE (SKIP LOCKED, so relays in several workers never take the same row), publishes their
ids, and puts back to pending whatever the broker did not take. It runs in every worker,
woken by PostgreSQL's NOTIFY (notifications/relay.py), or as ``manage.py outbox_relay``.
"""

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import constants
from notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

PENDING = "dispatched_at IS NULL"
# Not delivered, and either never handed over or handed over long ago: lost by the broker,
# by a worker that died, or by a relay that died between its claim and its publish.
STALE = (
    "delivered_at IS NULL AND created_at <= %s AND (dispatched_at IS NULL OR dispatched_at <= %s)"
)


def _task() -> Any:
    # By name, from Celery's registry: the task module imports these services, so importing
    # it here would be a cycle. The registry loads the project's task modules on first use.
    return current_app.tasks[constants.DELIVER_TASK]


def _moment(value: datetime) -> Any:
    return OutboxMessage._meta.get_field("dispatched_at").get_db_prep_value(value, connection)


def _claim(*, where: str, params: list[Any], limit: int) -> list[int]:
    """Mark a batch handed over in one statement (committed on its own outside a transaction)
    and return its ids. A relay that dies before publishing leaves them to the sweep."""
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    skip = connection.features.has_select_for_update_skip_locked  # SQLite: one writer anyway
    lock = " FOR UPDATE SKIP LOCKED" if skip else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET dispatched_at = %s, attempts = attempts + 1 "
            f"WHERE id IN (SELECT id FROM {table} WHERE {where} ORDER BY id LIMIT %s{lock}) "
            "RETURNING id",
            [_moment(timezone.now()), *params, limit],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _publish(ids: list[int]) -> list[int]:
    """Publish each id; return those the broker did not take (pending again)."""
    task, failed = _task(), []
    for index, outbox_id in enumerate(ids):
        try:
            task.delay(outbox_id)
        except OperationalError as error:  # the broker is unreachable: the rest would wait too
            failed += ids[index:]
            _warn(failed, error)
            break
        except Exception as error:  # eager mode: this delivery failed; the next may not
            failed.append(outbox_id)
            _warn([outbox_id], error)
    OutboxMessage.objects.filter(id__in=failed, delivered_at__isnull=True).update(
        dispatched_at=None
    )
    return failed


def _warn(ids: list[int], error: Exception) -> None:
    # Ids and the error class only: no personal data in logs.
    logger.warning(
        "Outbox messages %s not handed to the broker (%s); they are pending again.",
        ", ".join(map(str, ids[:10])) + (f" and {len(ids) - 10} more" if len(ids) > 10 else ""),
        type(error).__name__,
    )


def outbox_relay(*, limit: int = constants.OUTBOX_RELAY_BATCH) -> int:
    """Hand every pending message to the broker, ``limit`` at a time; returns how many it
    took. Stops at the first batch the broker did not fully take: the relay runs again."""
    handed = 0
    while True:
        ids = _claim(where=PENDING, params=[], limit=limit)
        if ids and settings.DATAMEENT_TEST_RELAY_PAUSE:
            time.sleep(settings.DATAMEENT_TEST_RELAY_PAUSE)
        failed = _publish(ids)
        handed += len(ids) - len(failed)
        if failed or len(ids) < limit:
            return handed


def outbox_sweep(*, now: datetime) -> int:
    """Hand over again what is still undelivered long after it was recorded or handed over,
    and forget what was delivered long ago."""
    OutboxMessage.objects.filter(delivered_at__lt=now - constants.OUTBOX_RETENTION).delete()
    cutoffs = [now - constants.OUTBOX_SWEEP_AFTER, now - constants.OUTBOX_REDISPATCH_AFTER]
    params = [_moment(cutoff) for cutoff in cutoffs]
    ids = _claim(where=STALE, params=params, limit=constants.OUTBOX_SWEEP_BATCH)
    return len(ids) - len(_publish(ids))


# The relay run this thread's open transaction will do after it commits, if any.
_after_commit = threading.local()


def notification_enqueued() -> None:
    """Call after ``notification_enqueue_sql``'s statement ran in the caller's transaction.

    Eager mode (no broker: the embedded default and the tests): the relay runs once after
    the commit, whatever the number of messages, so delivery happens inline. With a broker:
    nothing; the outbox trigger's NOTIFY wakes the workers' relays (on SQLite they poll).
    """
    if not _task().app.conf.task_always_eager:
        return
    queued = getattr(_after_commit, "run", None)
    # Still queued in this transaction? A rollback (of a savepoint too) drops it.
    if queued is not None and any(entry[1] is queued for entry in connection.run_on_commit):
        return
    _after_commit.run = _relay_once()
    transaction.on_commit(_after_commit.run)


def _relay_once() -> Callable[[], None]:
    def run() -> None:
        _after_commit.run = None  # deliveries may enqueue again: a new run for those
        outbox_relay()

    return run
