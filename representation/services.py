"""Writes for representation: registering and confirming relations (four eyes), objections,
a resident's own machtiging, and the record of every act done on someone's behalf."""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from representation import rules
from representation.constants import (
    AUTHORITY_KINDS,
    EVIDENCE_MAX_LENGTH,
    REGISTERED_KINDS,
    RelationKind,
    RelationState,
    Scope,
    Told,
)
from representation.exceptions import (
    FourEyes,
    NotAllowed,
    NotARegistrar,
    RelationNotFound,
    RepresentationError,
)
from representation.models import BirthDate, Relation, RepresentativeAct

# What act_authorise answers and raises: other apps take them from here.
from representation.rules import Decision as Decision
from representation.selectors import age, capacities, may_all
from representation.signals import subject_told
from vault.constants import Category

if TYPE_CHECKING:
    from accounts.models import User

REVIEW_WINDOW = timedelta(days=7)


def _require_registrar(user: "User") -> None:
    if not user.is_authenticated or user.role != Role.REGISTRAR:
        raise NotARegistrar()


def _require_resident(user: "User", field: str) -> None:
    if not user.is_resident:
        raise RepresentationError(_("Dit moet een inwoner zijn."), code=f"{field}_not_a_resident")


def _is_told(subject: "User", at: datetime) -> bool:
    """From 12, and every adult (no known date of birth counts as adult), hears of it."""
    years = age(resident=subject, at=at)
    return years is None or years >= rules.CONSENT_AGE


def _notify(kind: str, *, subject: "User", actor: "User", source: str, **context: str) -> None:
    subject_told.send(
        sender=Relation,
        told=kind,
        subject=subject,
        actor=actor,
        source_id=source,
        context={"actor_id": actor.pk, "occurred_at": timezone.now().isoformat(), **context},
    )


@transaction.atomic
def birth_date_set(*, resident: "User", born_on: date) -> BirthDate:
    row, _created = BirthDate.objects.update_or_create(
        resident=resident, defaults={"born_on": born_on}
    )
    return row


@transaction.atomic
def relation_register(
    *,
    registrar: "User",
    subject: "User",
    representative: "User",
    kind: str,
    evidence: str,
    valid_from: datetime,
    valid_until: datetime | None = None,
    subject_born_on: date | None = None,
) -> Relation:
    """Register a relation on evidence. It stays pending until a second registrar confirms;
    the subject is told at once and can object."""
    _require_registrar(registrar)
    _require_resident(subject, "subject")
    _require_resident(representative, "representative")
    if kind not in REGISTERED_KINDS:
        raise RepresentationError(_("Deze soort kan niet worden ingeschreven."), code="bad_kind")
    evidence = evidence.strip()
    if not evidence or len(evidence) > EVIDENCE_MAX_LENGTH:
        raise RepresentationError(_("Vul het kenmerk van het bewijs in."), code="evidence_required")
    if subject.pk == representative.pk:
        raise RepresentationError(_("Iemand vertegenwoordigt zichzelf niet."), code="self")
    if valid_until is not None and valid_until <= valid_from:
        raise RepresentationError(_("De einddatum moet na de begindatum liggen."), code="period")
    if subject_born_on is not None:
        birth_date_set(resident=subject, born_on=subject_born_on)
    if kind in AUTHORITY_KINDS and age(resident=subject, at=valid_from) is None:
        raise RepresentationError(_("Vul de geboortedatum van het kind in."), code="born_on")
    relation = Relation.objects.create(
        subject=subject,
        representative=representative,
        kind=kind,
        evidence=evidence,
        valid_from=valid_from,
        valid_until=valid_until,
        registered_by=registrar,
    )
    if _is_told(subject, timezone.now()):
        _notify(
            Told.REGISTERED,
            subject=subject,
            actor=representative,
            source=f"relation:{relation.pk}",
            capacity=kind,
        )
    return relation


def _locked(relation_id: int, **filters: object) -> Relation:
    relation = Relation.objects.select_for_update().filter(pk=relation_id, **filters).first()
    if relation is None:
        raise RelationNotFound()
    return relation


@transaction.atomic
def relation_confirm(*, registrar: "User", relation_id: int) -> Relation:
    """The second pair of eyes: a different registrar makes a pending relation active."""
    _require_registrar(registrar)
    relation = _locked(relation_id, state=RelationState.PENDING)
    if relation.registered_by_id == registrar.pk:
        raise FourEyes()
    relation.state = RelationState.ACTIVE
    relation.confirmed_by = registrar
    relation.confirmed_at = timezone.now()
    relation.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return relation


@transaction.atomic
def relation_object(*, subject: "User", relation_id: int, objection: str = "") -> Relation:
    """The represented person objects: the relation stops at once, until a registrar
    reviews it. A machtiging she made herself simply ends."""
    relation = _locked(relation_id, subject_id=subject.pk)
    if relation.kind == RelationKind.MACHTIGING:
        return _end(relation)
    if relation.state in (RelationState.PENDING, RelationState.ACTIVE):
        relation.state = RelationState.ON_HOLD
        relation.objected_at = timezone.now()
        relation.objection = objection.strip()[:1000]
        relation.save(update_fields=["state", "objected_at", "objection"])
    return relation


@transaction.atomic
def relation_review(*, registrar: "User", relation_id: int, uphold: bool) -> Relation:
    """A registrar decides on an objection: upheld ends the relation, rejected restores it.
    The registrar who registered it cannot decide on the objection against it."""
    _require_registrar(registrar)
    relation = _locked(relation_id, state=RelationState.ON_HOLD)
    if relation.registered_by_id == registrar.pk:
        raise FourEyes()
    if uphold:
        return _end(relation)
    relation.state = RelationState.ACTIVE if relation.confirmed_at else RelationState.PENDING
    relation.save(update_fields=["state"])
    return relation


def _end(relation: Relation) -> Relation:
    relation.state = RelationState.ENDED
    relation.ended_at = timezone.now()
    relation.save(update_fields=["state", "ended_at"])
    return relation


@transaction.atomic
def machtiging_create(
    *,
    resident: "User",
    holder: "User",
    scopes: list[str],
    categories: list[str],
    valid_until: datetime,
) -> Relation:
    """A resident authorises another resident herself. Only the subject makes it, so the
    holder can never pass it on."""
    _require_resident(resident, "resident")
    _require_resident(holder, "holder")
    if holder.pk == resident.pk:
        raise RepresentationError(_("U kunt uzelf niet machtigen."), code="self")
    chosen_scopes = [s for s in Scope.values if s in set(scopes)]
    chosen = [c for c in Category.values if c in set(categories)]
    if not chosen_scopes or not chosen or len(chosen) != len(set(categories)):
        raise RepresentationError(
            _("Kies wat de gemachtigde mag doen en voor welke gegevens."), code="scope_required"
        )
    now = timezone.now()
    if valid_until <= now:
        raise RepresentationError(_("De einddatum moet in de toekomst liggen."), code="period")
    return Relation.objects.create(
        subject=resident,
        representative=holder,
        kind=RelationKind.MACHTIGING,
        state=RelationState.ACTIVE,
        valid_from=now,
        valid_until=valid_until,
        scopes=chosen_scopes,
        categories=chosen,
    )


@transaction.atomic
def machtiging_end(*, resident: "User", relation_id: int) -> Relation:
    """End a machtiging at once; only the resident who gave it can."""
    relation = _locked(relation_id, subject_id=resident.pk, kind=RelationKind.MACHTIGING)
    if relation.state == RelationState.ENDED:
        return relation
    return _end(relation)


def act_authorise(
    *,
    actor: "User",
    subject: "User",
    action: str,
    categories: list[str] | None,
    what: str = "",
    record_id: UUID | None = None,
    record_version: int | None = None,
) -> rules.Decision:
    """Ask ``may`` for every category (None: the log) and, for a representative, record the
    act in the subject's log and tell her. Raises ``NotAllowed`` with the reason code.
    ``record_id`` and ``record_version`` name the record seen or the version a change made.

    Call it inside the transaction of the act itself, so the record and the act commit
    together."""
    now = timezone.now()
    wanted: list[str | None] = list(categories) if categories else [None]
    decision = may_all(actor=actor, action=action, categories=wanted, subject=subject, at=now)
    if not decision.allowed:
        raise NotAllowed(code=decision.reason)
    if actor.pk != subject.pk:
        _act_record(
            actor=actor,
            subject=subject,
            decision=decision,
            action=action,
            categories=categories or [],
            what=what,
            at=now,
            record=(record_id, record_version),
        )
    return decision


def _act_record(
    *,
    actor: "User",
    subject: "User",
    decision: rules.Decision,
    action: str,
    categories: list[str],
    what: str,
    at: datetime,
    record: tuple[UUID | None, int | None] = (None, None),
) -> None:
    act = RepresentativeAct.objects.create(
        subject=subject,
        actor=actor,
        capacity=decision.capacity,
        action=action,
        category=",".join(categories)[:20],
        what=what[:100],
        record_id=record[0],
        record_version=record[1],
        occurred_at=at,
    )
    if _is_told(subject, at):
        _notify(
            Told.ON_BEHALF,
            subject=subject,
            actor=actor,
            source=f"act:{act.pk}",
            capacity=decision.capacity,
            action=action,
        )


@transaction.atomic
def act_refusal_record(
    *,
    actor: "User",
    subject: "User",
    action: str,
    categories: list[str],
    what: str,
    record_id: UUID | None = None,
) -> RepresentativeAct | None:
    """Write an attempt that ``may`` refused in the subject's log, as a refused act. The
    caller answers the actor afterwards (a record outside the relation: as not found), out
    of this transaction, so the refusal stays written. The capacity is the relation the actor
    has now, if any. Nothing was seen or done, so the subject gets no message: she reads it
    in her log. The subject herself is never refused anything worth recording."""
    if actor.pk == subject.pk:
        return None
    now = timezone.now()
    kinds = capacities(representative=actor, subject=subject, at=now)
    return RepresentativeAct.objects.create(
        subject=subject,
        actor=actor,
        capacity=kinds[0] if kinds else "",
        action=action,
        category=",".join(categories)[:20],
        what=what[:100],
        record_id=record_id,
        refused=True,
        occurred_at=now,
    )


def coming_of_age_notify(*, now: datetime) -> int:
    """Tell each child whose 16th birthday passed in the last week (to the second) that she
    now decides alone and should review her running grants. Idempotent per child."""
    today = now.astimezone(rules.AMSTERDAM).date()
    earliest = today - REVIEW_WINDOW
    told = 0
    for row in BirthDate.objects.filter(
        born_on__gte=_years_before(earliest, rules.ADULT_FOR_CONSENT) - timedelta(days=1),
        born_on__lte=_years_before(today, rules.ADULT_FOR_CONSENT),
    ).select_related("resident"):
        if rules.birthday(row.born_on, rules.ADULT_FOR_CONSENT) <= now:
            with transaction.atomic():
                _notify(
                    Told.REVIEW_GRANTS,
                    subject=row.resident,
                    actor=row.resident,
                    source=f"sixteen:{row.resident_id}",
                )
            told += 1
    return told


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
