from celery import shared_task
from django.utils import timezone

from representation import services


@shared_task
def coming_of_age_notify() -> int:
    """Hourly: tell each child who turned 16 that she now decides alone. Idempotent."""
    return services.coming_of_age_notify(now=timezone.now())
