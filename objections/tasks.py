"""Beat tasks: thin, each calls one service; both are idempotent."""

from celery import shared_task
from django.utils import timezone

from objections.alerts import alerts_evaluate
from objections.services import objection_deadline_warnings_send


@shared_task
def warn_deadlines() -> int:
    return objection_deadline_warnings_send(now=timezone.now())


@shared_task
def evaluate_alerts() -> int:
    return alerts_evaluate(now=timezone.now())
