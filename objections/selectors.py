"""Reads of objections and alerts. Each role reaches its own part only, filtered in the query:
the resident her own objections, the privacy officer all of them, a caseworker the questions
to her own teams. None of them reads vault data: objections hold log metadata only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from accounts.constants import Role
from accounts.selectors import memberships_active_at
from municipal_gateway.selectors import (
    access_log_entries_by_ids,
    access_log_entry_for_resident,
    subject_id_for_resident,
)
from objections.constants import CLOSED, EXPLANATIONS, STATUS_OF_STEP, Status, StepKind
from objections.models import Alert, Objection, ObjectionStep

if TYPE_CHECKING:
    from accounts.models import User
    from municipal_gateway.models import AccessLogEntry


def _with_steps(objections: QuerySet[Objection]) -> QuerySet[Objection]:
    return objections.prefetch_related(
        Prefetch("steps", queryset=ObjectionStep.objects.order_by("at", "id"))
    )


def objection_status(objection: Objection) -> Status:
    """The status its newest step gives (a deadline warning changes nothing)."""
    kinds = [step.kind for step in objection.steps.all() if step.kind in STATUS_OF_STEP]
    return STATUS_OF_STEP[StepKind(kinds[-1])] if kinds else Status.OPEN


def objection_is_closed(objection: Objection) -> bool:
    return objection_status(objection) in CLOSED


def status_words(status: str) -> dict[str, str]:
    """The status in plain words, in Dutch and English (for a notification)."""
    words = {}
    for language in ("nl", "en"):
        with translation.override(language):
            words[language] = str(Status(status).label)
    return words


def status_explanation(status: str) -> str:
    return str(EXPLANATIONS[Status(status)])


def last_step(objection: Objection, kind: str) -> ObjectionStep | None:
    steps = [step for step in objection.steps.all() if step.kind == kind]
    return steps[-1] if steps else None


# -- the resident -------------------------------------------------------------------------


def objections_for_resident(*, resident: User) -> QuerySet[Objection]:
    subject_id = subject_id_for_resident(resident=resident)
    if subject_id is None:
        return Objection.objects.none()
    return _with_steps(Objection.objects.filter(subject_id=subject_id))


def own_entry(*, resident: User, entry_id: Any) -> AccessLogEntry | None:
    return access_log_entry_for_resident(resident=resident, entry_id=entry_id)


def objection_for_entry(*, resident: User, entry_id: Any) -> Objection | None:
    return objections_for_resident(resident=resident).filter(entry_id=entry_id).first()


def _export_step(step: ObjectionStep) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "at": step.at.isoformat(),
        "text": step.text if step.kind != StepKind.DEADLINE_WARNED else "",
        "breach_reported": step.breach_reported,
    }


def objection_export_section(*, resident: User, whose: str | None = None) -> dict[str, Any]:
    """Export: every objection she made and every step of it (docs/export-format.md)."""
    objections = objections_for_resident(resident=resident).order_by("filed_at")
    return {
        "objections": [
            {
                "id": str(objection.id),
                "access_log_entry_id": str(objection.entry_id),
                "filed_at": objection.filed_at.isoformat(),
                "deadline": objection.deadline.isoformat(),
                "text": objection.text,
                "status": objection_status(objection).value,
                "steps": [
                    _export_step(step)
                    for step in objection.steps.all()
                    if step.kind != StepKind.DEADLINE_WARNED
                ],
            }
            for objection in objections
        ]
    }


# -- the privacy officer ------------------------------------------------------------------


def objections_for_officer(*, officer: User) -> QuerySet[Objection]:
    if officer.role != Role.PRIVACY_OFFICER:
        return Objection.objects.none()
    return _with_steps(Objection.objects.all())


def objection_for_officer(*, officer: User, objection_id: Any) -> Objection | None:
    return objections_for_officer(officer=officer).filter(id=objection_id).first()


_CLOSING = (StepKind.JUSTIFIED, StepKind.NOT_JUSTIFIED, StepKind.WITHDRAWN)


def objections_due(*, before: datetime) -> QuerySet[Objection]:
    """Open objections whose deadline falls before ``before`` and that were not warned of."""
    closing = ObjectionStep.objects.filter(kind__in=_CLOSING).values("objection_id")
    warned = ObjectionStep.objects.filter(kind=StepKind.DEADLINE_WARNED).values("objection_id")
    return (
        Objection.objects.filter(deadline__lt=before)
        .exclude(id__in=closing)
        .exclude(id__in=warned)
        .order_by("deadline")
    )


def deadline_near(objection: Objection) -> bool:
    return any(step.kind == StepKind.DEADLINE_WARNED for step in objection.steps.all())


@dataclass(frozen=True)
class AlertView:
    alert: Alert
    entries: list[Any]


def alerts_for_officer(*, officer: User, limit: int = 50) -> list[AlertView]:
    """The newest alerts with the log entries that raised them (metadata only)."""
    if officer.role != Role.PRIVACY_OFFICER:
        return []
    alerts = list(Alert.objects.all()[:limit])
    ids = [entry_id for alert in alerts for entry_id in alert.entry_ids]
    entries = {str(entry.id): entry for entry in access_log_entries_by_ids(ids=ids)}
    return [
        AlertView(alert, [entries[i] for i in alert.entry_ids if i in entries]) for alert in alerts
    ]


# -- the caseworker's team ----------------------------------------------------------------


def team_codes(*, caseworker: User, at: datetime | None = None) -> set[str]:
    memberships = memberships_active_at(user=caseworker, at=at or timezone.now())
    return set(memberships.values_list("department__code", flat=True))


def questions_for_caseworker(*, caseworker: User) -> QuerySet[Objection]:
    """Objections whose team was asked, for members of that team only."""
    if caseworker.role != Role.CASEWORKER:
        return Objection.objects.none()
    codes = team_codes(caseworker=caseworker)
    asked = ObjectionStep.objects.filter(kind=StepKind.ASKED, department_code__in=codes)
    return _with_steps(Objection.objects.filter(id__in=asked.values("objection_id")))


def question_for_caseworker(*, caseworker: User, objection_id: Any) -> Objection | None:
    return questions_for_caseworker(caseworker=caseworker).filter(id=objection_id).first()


# -- the council's statistics -------------------------------------------------------------

# The council's columns: where an objection stood when counted. Open, asked and answered
# are one column, "being handled", so no figure tells how far one case went.
COUNT_OUTCOMES = ("open", "justified", "not_justified", "withdrawn")


def _count_outcome(objection: Objection) -> str:
    status = objection_status(objection)
    return status.value if status in CLOSED else "open"


def objection_counts(*, start: datetime, end: datetime, by: tuple[str, ...]) -> list[dict]:
    """Objections filed in ``[start, end)``, grouped ``by`` ``month`` (the first day of the
    local month, as a date), ``purpose_code`` and/or ``outcome`` (``COUNT_OUTCOMES``), with
    ``objections`` and ``residents`` (different residents). Counts only, for the council."""
    if not set(by) <= {"month", "purpose_code", "outcome"}:
        raise ValueError(f"cannot group objections by {sorted(by)}")
    groups: dict[tuple, dict[str, Any]] = {}
    for objection in _with_steps(Objection.objects.filter(filed_at__gte=start, filed_at__lt=end)):
        local = timezone.localtime(objection.filed_at).date()
        values = {
            "month": local.replace(day=1),
            "purpose_code": objection.purpose_code,
            "outcome": _count_outcome(objection),
        }
        key = tuple(values[name] for name in by)
        group = groups.setdefault(key, {"objections": 0, "subjects": set()})
        group["objections"] += 1
        group["subjects"].add(objection.subject_id)
    return [
        {
            **dict(zip(by, key, strict=True)),
            "objections": group["objections"],
            "residents": len(group["subjects"]),
        }
        for key, group in sorted(groups.items())
    ]
