"""Writes: a resident objects to a log entry, the privacy officer asks the team, the team
answers, the officer rules, the resident may withdraw. Every step is a new row; the
resident hears of each step through notifications."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.constants import Role
from municipal_gateway.selectors import access_log_entry_for_resident, resident_for_subject
from notifications.constants import Kind
from notifications.services import notification_enqueue
from objections import selectors
from objections.constants import MAX_TEXT_LENGTH, RULINGS, Status, StepKind
from objections.exceptions import (
    AlreadyObjected,
    EntryNotFound,
    NoTeam,
    ObjectionNotFound,
    StepNotAllowed,
    TextRequired,
    TextTooLong,
)
from objections.models import Objection, ObjectionStep

if TYPE_CHECKING:
    from accounts.models import User
    from municipal_gateway.models import AccessLogEntry


def one_month_after(moment: datetime) -> datetime:
    """The same local day a month later (GDPR art. 12(3)); the month's last day if it has
    no such day (31 January: 28 or 29 February)."""
    local = timezone.localtime(moment)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    return timezone.make_aware(local.replace(tzinfo=None).replace(year=year, month=month, day=day))


def _text(text: str, *, required: bool = False) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise TextTooLong()
    if required and not text:
        raise TextRequired()
    return text


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise EntryNotFound() from None


def _snapshot(entry: AccessLogEntry) -> dict[str, Any]:
    return {
        "occurred_at": entry.occurred_at,
        "operation": entry.operation,
        "outcome": entry.outcome,
        "reason": entry.reason,
        "stated_reason": entry.stated_reason,
        "caseworker_id": entry.caseworker_id,
        "caseworker_name": entry.caseworker_name,
        "department_code": entry.department_code,
        "department_name": entry.department_name,
        "purpose_code": entry.purpose_code,
        "purpose_name": entry.purpose_name,
        "grant_id": entry.grant_id,
    }


def _step(objection: Objection, kind: str, actor: User | None, **fields: Any) -> ObjectionStep:
    step = ObjectionStep.objects.create(
        objection=objection,
        kind=kind,
        at=timezone.now(),
        actor_id=actor.pk if actor else None,
        actor_name=actor.display_name if actor else "",
        **fields,
    )
    _notify(objection, step)
    return step


def _notify(objection: Objection, step: ObjectionStep) -> None:
    """The resident hears of every step she can see (not of the officer's deadline warning)."""
    if step.kind == StepKind.DEADLINE_WARNED:
        return
    resident = resident_for_subject(subject_id=objection.subject_id)
    if resident is None:  # erased: nobody left to tell
        return
    objection.refresh_from_db()  # drop the prefetched steps: the status includes this one
    words = selectors.status_words(selectors.objection_status(objection))
    notification_enqueue(
        resident=resident,
        kind=Kind.OBJECTION,
        source_id=f"objection-step:{step.pk}",
        context={
            "objection_id": str(objection.id),
            "occurred_at": step.at.isoformat(),
            "status_nl": words["nl"],
            "status_en": words["en"],
        },
    )


def _locked(objection_id: Any) -> Objection:
    """The objection, locked so two steps are never added at once from the same status."""
    objection = Objection.objects.select_for_update().filter(id=objection_id).first()
    if objection is None:
        raise ObjectionNotFound()
    return objection


def _require_status(objection: Objection, *allowed: Status) -> None:
    if selectors.objection_status(objection) not in allowed:
        raise StepNotAllowed()


@transaction.atomic
def objection_file(*, resident: User, entry_id: Any, text: str = "") -> Objection:
    """'Dit klopt niet' on one entry of her own log. One objection per entry."""
    entry = access_log_entry_for_resident(resident=resident, entry_id=_uuid(entry_id))
    if entry is None:
        raise EntryNotFound()
    text = _text(text)
    if Objection.objects.filter(entry_id=entry.id).exists():
        raise AlreadyObjected()
    now = timezone.now()
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                subject_id=entry.subject_id,
                entry_id=entry.id,
                filed_at=now,
                deadline=one_month_after(now),
                text=text,
                **_snapshot(entry),
            )
    except IntegrityError:  # the same entry, objected to at the same moment
        raise AlreadyObjected() from None
    _step(objection, StepKind.FILED, resident)
    return objection


@transaction.atomic
def objection_withdraw(*, resident: User, objection_id: Any) -> ObjectionStep:
    if not selectors.objections_for_resident(resident=resident).filter(id=objection_id).exists():
        raise ObjectionNotFound()
    objection = _locked(objection_id)
    _require_status(objection, Status.OPEN, Status.ASKED, Status.ANSWERED)
    return _step(objection, StepKind.WITHDRAWN, resident)


def _officer_objection(officer: User, objection_id: Any) -> Objection:
    if officer.role != Role.PRIVACY_OFFICER:
        raise ObjectionNotFound()
    return _locked(objection_id)


@transaction.atomic
def objection_ask_team(*, officer: User, objection_id: Any, question: str) -> ObjectionStep:
    """Ask the team of the caseworker in the entry why they looked (or tried to)."""
    objection = _officer_objection(officer, objection_id)
    _require_status(objection, Status.OPEN, Status.ANSWERED)
    if not objection.department_code:
        raise NoTeam()
    return _step(
        objection,
        StepKind.ASKED,
        officer,
        department_code=objection.department_code,
        text=_text(question, required=True),
    )


def may_answer(*, caseworker: User, objection: Objection) -> bool:
    """Any current member of the team asked answers, except the caseworker whose access is
    questioned: nobody vouches for their own access (docs/objections.md)."""
    asked = selectors.last_step(objection, StepKind.ASKED)
    return (
        caseworker.role == Role.CASEWORKER
        and asked is not None
        and asked.department_code in selectors.team_codes(caseworker=caseworker)
        and caseworker.pk != objection.caseworker_id
    )


@transaction.atomic
def objection_answer(*, caseworker: User, objection_id: Any, answer: str) -> ObjectionStep:
    if selectors.question_for_caseworker(caseworker=caseworker, objection_id=objection_id) is None:
        raise ObjectionNotFound()
    objection = _locked(objection_id)
    _require_status(objection, Status.ASKED)
    if not may_answer(caseworker=caseworker, objection=objection):
        raise StepNotAllowed()
    asked = selectors.last_step(objection, StepKind.ASKED)
    return _step(
        objection,
        StepKind.ANSWERED,
        caseworker,
        department_code=asked.department_code if asked else "",
        text=_text(answer, required=True),
    )


@transaction.atomic
def objection_rule(
    *,
    officer: User,
    objection_id: Any,
    justified: bool,
    note: str = "",
    breach_reported: bool = False,
) -> ObjectionStep:
    """The outcome. A data breach report goes only with 'not justified'."""
    objection = _officer_objection(officer, objection_id)
    _require_status(objection, Status.OPEN, Status.ASKED, Status.ANSWERED)
    if justified and breach_reported:
        raise StepNotAllowed()
    return _step(
        objection,
        RULINGS[0] if justified else RULINGS[1],
        officer,
        text=_text(note),
        breach_reported=breach_reported,
    )


@transaction.atomic
def objection_deadline_warnings_send(*, now: datetime) -> int:
    """Warn the privacy officer about every open objection whose deadline comes within
    ``OBJECTIONS_DEADLINE_WARNING_DAYS``. Idempotent: one warning per objection."""
    ahead = timedelta(days=settings.OBJECTIONS_DEADLINE_WARNING_DAYS)
    due = selectors.objections_due(before=now + ahead)
    warned = 0
    for objection in due:
        ObjectionStep.objects.create(objection=objection, kind=StepKind.DEADLINE_WARNED, at=now)
        warned += 1
    return warned
