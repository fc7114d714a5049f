"""The Celery app. Without a broker, tasks run eagerly in-process (see settings).

Production runs ``celery -A datameent worker`` and one ``celery -A datameent beat``;
see docs/operations.md.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datameent.settings")

app = Celery("datameent")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
