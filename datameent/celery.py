"""The Celery app. Without a broker, tasks run eagerly in-process (see settings).

Production runs ``celery -A datameent worker`` and one ``celery -A datameent beat``;
see docs/operations.md.
"""

import os
from typing import Any

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datameent.settings")

app = Celery("datameent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _check_database_connections(sender: Task, **kwargs: Any) -> None:
    """A task starts and ends like a request: a connection that failed or grew too old is
    closed, and the next query checks that a kept connection is alive (CONN_HEALTH_CHECKS).

    Celery's Django fixup keeps connections for CELERY_DB_REUSE_MAX tasks without either
    check, so one the database dropped would fail the next task. Eager tasks run inside the
    caller's request and transaction, which is left alone.
    """
    if getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@app.task(name="datameent.run_rollups")
def run_rollups() -> int:
    """The place for statistics rollups: each step in ``DATAMEENT_ROLLUP_STEPS``, in order."""
    from django.conf import settings
    from django.utils import timezone
    from django.utils.module_loading import import_string

    now = timezone.now()
    for step in settings.DATAMEENT_ROLLUP_STEPS:
        import_string(step)(now=now)
    return len(settings.DATAMEENT_ROLLUP_STEPS)
