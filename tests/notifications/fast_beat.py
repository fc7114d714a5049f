"""The real beat schedule, every job every two seconds: ``celery -A tests.notifications.fast_beat
beat``, for the integration test that shows beat fires the jobs."""

from django.conf import settings

from datameent.celery import app

app.conf.beat_schedule = {
    name: {**entry, "schedule": 2.0} for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
}
