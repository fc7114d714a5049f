"""Fixtures for notifications: an access event as the gateway will report it."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from kombu import pools as kombu_pools

from accounts.services import resident_profile_update
from datameent.celery import app as celery_app
from notifications.constants import Kind
from notifications.models import OutboxMessage
from notifications.services import notification_enqueue


def access_context(
    *, actor: Any, department: Any = None, at: datetime | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "actor_id": actor.pk,
        "department": department.code if department else None,
        "purpose": "wmo-support",
        "purpose_name_nl": "Hulp bij het huishouden",
        "purpose_name_en": "Help with the household",
        "categories": ["household", "health"],
        "reason": "Aanvraag Wmo 2026-0142",
        "occurred_at": (at or timezone.now()).isoformat(),
        **extra,
    }


def record_event(
    *,
    resident: Any,
    actor: Any,
    department: Any = None,
    kind: str = Kind.ACCESS,
    source_id: str | None = None,
    **extra: Any,
) -> OutboxMessage:
    """What a source does: enqueue inside its own transaction, then commit.

    The test's own transaction never commits, so the on-commit dispatch is run explicitly.
    """
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return notification_enqueue(
            resident=resident,
            kind=kind,
            source_id=source_id or f"log-{OutboxMessage.objects.count() + 1}-{kind}",
            context=access_context(actor=actor, department=department, **extra),
        )


DEAD_BROKER_URL = "redis://127.0.0.1:1/5"


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Publish from this process to a real broker at ``url`` instead of running eagerly."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    _reset_producers()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        _reset_producers()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


def _reset_producers() -> None:
    # Celery and kombu cache connection pools; drop them so the next publish reconnects.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast logs in with passwords; hashing them properly would dominate these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice_with_email(alice):
    resident_profile_update(resident=alice, email="alice@example.org")
    return alice
