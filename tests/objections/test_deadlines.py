"""The GDPR's month (art. 12(3)): the privacy officer is warned before it ends."""

from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from objections import tasks
from objections.models import ObjectionStep
from objections.services import objection_file, objection_rule

FILED = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.get_default_timezone())


def _warnings() -> int:
    return ObjectionStep.objects.filter(kind="deadline_warned").count()


def test_the_warning_comes_a_week_before_the_month_ends(alice, log_entry):
    with time_machine.travel(FILED - timedelta(days=1), tick=False):
        entry = log_entry(alice)
    with time_machine.travel(FILED, tick=False):
        objection = objection_file(resident=alice, entry_id=entry.id)
    assert timezone.localtime(objection.deadline).date().isoformat() == "2026-04-10"

    with time_machine.travel(objection.deadline - timedelta(days=7, minutes=1), tick=False):
        assert tasks.warn_deadlines() == 0
    with time_machine.travel(objection.deadline - timedelta(days=6, hours=23), tick=False):
        assert tasks.warn_deadlines() == 1
        assert tasks.warn_deadlines() == 0  # idempotent

    assert _warnings() == 1
    assert ObjectionStep.objects.get(kind="deadline_warned").at < objection.deadline


def test_a_closed_objection_is_not_warned_of(alice, petra, bob_read):
    with time_machine.travel(FILED, tick=False):
        objection = objection_file(resident=alice, entry_id=bob_read.id)
        objection_rule(officer=petra, objection_id=objection.id, justified=True)

    with time_machine.travel(objection.deadline - timedelta(days=1), tick=False):
        assert tasks.warn_deadlines() == 0


def test_the_warning_is_not_a_step_she_is_told_of(alice, bob_read):
    from notifications.models import OutboxMessage

    with time_machine.travel(FILED, tick=False):
        objection = objection_file(resident=alice, entry_id=bob_read.id)
    with time_machine.travel(objection.deadline - timedelta(days=1), tick=False):
        tasks.warn_deadlines()

    assert OutboxMessage.objects.filter(kind="objection").count() == 1
