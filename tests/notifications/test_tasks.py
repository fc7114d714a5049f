"""Tasks in eager mode: ids in, the service does the work, a rerun changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from datameent.celery import app as celery_app
from datameent.celery import run_rollups
from notifications import tasks
from notifications.constants import Kind
from notifications.models import InboxEntry, OutboxMessage
from tests.notifications.conftest import access_context

pytestmark = pytest.mark.django_db

ROLLUP_CALLS: list = []


def rollup_step(*, now) -> None:
    ROLLUP_CALLS.append(now)


def test_it_delivers_by_id_and_ignores_a_second_run(alice, bob):
    message = OutboxMessage.objects.create(
        kind=Kind.ACCESS, resident=alice, source_id="log-1", payload=access_context(actor=bob)
    )

    tasks.deliver_outbox_message.delay(message.id)
    tasks.deliver_outbox_message.delay(message.id)

    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_ignores_an_id_that_no_longer_exists():
    tasks.deliver_outbox_message.delay(987654)

    assert not InboxEntry.objects.exists()


def test_it_sweeps_from_the_periodic_task(alice, bob):
    message = OutboxMessage.objects.create(
        kind=Kind.ACCESS, resident=alice, source_id="log-1", payload=access_context(actor=bob)
    )
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )

    assert tasks.outbox_sweep.delay().get() == 1
    assert InboxEntry.objects.filter(resident=alice).count() == 1


def test_it_runs_each_rollup_step_in_order(settings):
    settings.DATAMEENT_ROLLUP_STEPS = [f"{__name__}.rollup_step", f"{__name__}.rollup_step"]
    ROLLUP_CALLS.clear()

    assert run_rollups.delay().get() == 2
    assert len(ROLLUP_CALLS) == 2 and ROLLUP_CALLS[0] == ROLLUP_CALLS[1]


def test_it_schedules_registered_tasks_by_name(settings):
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    ours = {name for name in scheduled if name.startswith(("notifications.", "datameent."))}
    assert ours <= set(celery_app.tasks)
    assert {
        "notifications.tasks.outbox_sweep",
        "notifications.tasks.send_daily_digests",
        "notifications.tasks.send_weekly_digests",
        "notifications.tasks.warn_expiring_grants",
        "consent.tasks.record_grant_expiries",
        "consent.tasks.expire_access_requests",
        "vault.tasks.erase_expired_records",
        "municipal_gateway.tasks.create_checkpoint",
        "datameent.run_rollups",
    } <= scheduled
