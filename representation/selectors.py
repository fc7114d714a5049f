"""Reads for representation, and THE question: may this actor do this, for this person?

``may`` is the only function that answers it. Every resident-side service asks it
whenever the actor is not the subject.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from representation import rules
from representation.constants import Action, RelationKind, RelationState
from representation.models import BirthDate, Relation, RepresentativeAct
from vault.constants import Category
from vault.selectors import InvalidBsn, bsn_lookup_hash, resident_for_bsn_hash

if TYPE_CHECKING:
    from accounts.models import User

Decision = rules.Decision


def born_on(*, resident: "User") -> date | None:
    row = BirthDate.objects.filter(resident_id=resident.pk).first()
    return row.born_on if row else None


def age(*, resident: "User", at: datetime) -> int | None:
    birth = born_on(resident=resident)
    return None if birth is None else rules.age_at(birth, at)


def may(
    *,
    actor: "User",
    action: str,
    category: str | None,
    subject: "User",
    at: datetime | None = None,
) -> rules.Decision:
    """May ``actor`` do ``action`` (an ``Action``) on ``category`` (a vault category, or
    None for the log) for ``subject`` at ``at`` (default now)? See ``representation.rules``."""
    moment = at or timezone.now()
    if not (actor.is_authenticated and actor.is_resident and subject.is_resident):
        return rules.Decision(False, rules.Reason.NO_RELATION)
    relations = list(Relation.objects.filter(subject_id=subject.pk))
    return _decide(actor, subject, relations, born_on(resident=subject), action, category, moment)


def may_all(
    *, actor: "User", action: str, categories: list[str | None], subject: "User", at: datetime
) -> rules.Decision:
    """``may`` for every category: the first refusal, or the last yes (they agree on whose
    agreement is still needed, which depends on the person and not the category)."""
    decision = rules.Decision(False, rules.Reason.CATEGORY_NOT_COVERED)
    for category in categories:
        decision = may(actor=actor, action=action, category=category, subject=subject, at=at)
        if not decision.allowed:
            return decision
    return decision


def represented_by(*, representative: "User", at: datetime) -> QuerySet:
    """The people ``representative`` may act for at ``at`` in at least one way."""
    relations = Relation.objects.filter(
        representative_id=representative.pk, state=RelationState.ACTIVE
    ).select_related("subject")
    ids = {
        relation.subject_id
        for relation in relations
        if any(allowed_for(actor=representative, subject=relation.subject, at=at).values())
    }
    return get_user_model().objects.filter(id__in=ids).order_by("first_name", "username")


def capacities(*, representative: "User", subject: "User", at: datetime) -> list[str]:
    """The kinds of relation in which ``representative`` acts for ``subject`` at ``at``."""
    relations = Relation.objects.filter(
        representative_id=representative.pk,
        subject_id=subject.pk,
        state=RelationState.ACTIVE,
        valid_from__lte=at,
    )
    return sorted({r.kind for r in relations if r.valid_until is None or r.valid_until > at})


def answerers(*, subject: "User", categories: list[str], at: datetime) -> list["User"]:
    """The representatives who must answer a request to ``subject`` for ``categories`` under
    the rules: each who may approve it for at least one of them now (for a child of 12 to
    15 the parent, beside the child). The subject herself is not among them."""
    relations = list(
        Relation.objects.filter(subject_id=subject.pk).select_related("representative")
    )
    birth = born_on(resident=subject)
    people = {r.representative_id: r.representative for r in relations}
    return [
        person
        for person in people.values()
        if person.is_active
        and any(
            _decide(person, subject, relations, birth, Action.GRANT, category, at).allowed
            for category in categories
        )
    ]


def allowed_for(*, actor: "User", subject: "User", at: datetime) -> dict[str, list[str]]:
    """Per action, the categories ``actor`` may act on for ``subject`` (``""`` = the log)."""
    relations = list(Relation.objects.filter(subject_id=subject.pk))
    birth = born_on(resident=subject)
    allowed: dict[str, list[str]] = {}
    for action in Action.values:
        allowed[action] = [
            category or ""
            for category in [None, *Category.values]
            if _decide(actor, subject, relations, birth, action, category, at).allowed
        ]
    return allowed


def _decide(
    actor: "User",
    subject: "User",
    relations: list[Relation],
    birth: date | None,
    action: str,
    category: str | None,
    at: datetime,
) -> rules.Decision:
    return rules.decide(
        is_self=actor.pk == subject.pk,
        relations=[r for r in relations if r.representative_id == actor.pk],
        subject_relations=relations,
        born_on=birth,
        action=action,
        category=category,
        at=at,
    )


def relations_for_subject(*, subject: "User") -> QuerySet[Relation]:
    """Everyone who may, might or did act for ``subject``: for "Wie mag namens mij?"."""
    return Relation.objects.filter(subject_id=subject.pk).select_related("representative")


def relations_for_representative(*, representative: "User") -> QuerySet[Relation]:
    return Relation.objects.filter(representative_id=representative.pk).select_related("subject")


def relations_to_confirm(*, registrar: "User") -> QuerySet[Relation]:
    """Registrations waiting for a second registrar; never the registrar's own."""
    return (
        Relation.objects.filter(state=RelationState.PENDING)
        .exclude(Q(registered_by_id=registrar.pk) | Q(kind=RelationKind.MACHTIGING))
        .select_related("subject", "representative", "registered_by")
    )


def relations_on_hold() -> QuerySet[Relation]:
    return Relation.objects.filter(state=RelationState.ON_HOLD).select_related(
        "subject", "representative"
    )


def acts_for_subject(*, subject: "User") -> QuerySet[RepresentativeAct]:
    return RepresentativeAct.objects.filter(subject_id=subject.pk).select_related("actor")


def record_entries(*, subject: "User", record_id: UUID) -> dict[int, RepresentativeAct]:
    """Per version of a record, the act of the representative who entered it: the
    provenance "ingevoerd door Y namens X" (a version the resident made has none)."""
    acts = acts_for_subject(subject=subject).filter(
        record_id=record_id, record_version__isnull=False
    )
    return {act.record_version: act for act in acts if act.record_version is not None}


def resident_by_bsn(*, bsn: str) -> "User | None":
    """The resident with this BSN, or None (also for a BSN that is not valid)."""
    try:
        return resident_for_bsn_hash(bsn_hash=bsn_lookup_hash(bsn=bsn))
    except InvalidBsn:
        return None


def acting_subject(*, actor: "User", subject_id: int | None, at: datetime) -> "User | None":
    """The person ``actor`` chose to act for, while she still may act for them at all."""
    if not subject_id or subject_id == actor.pk:
        return None
    return represented_by(representative=actor, at=at).filter(pk=subject_id).first()


def _relation_summary(relation: Relation, person: "User") -> dict[str, object]:
    return {
        "person": person.display_name,
        "kind": relation.kind,
        "state": relation.state,
        "evidence": relation.evidence,
        "valid_from": relation.valid_from.isoformat(),
        "valid_until": relation.valid_until.isoformat() if relation.valid_until else None,
        "scopes": list(relation.scopes),
        "categories": list(relation.categories),
    }


def representation_export_section(
    *, resident: "User", whose: str | None = None
) -> dict[str, object]:
    """Export: who may act for the resident, for whom she may act, and what others did on
    her behalf (settings.DATAMEENT_EXPORT_SECTIONS; docs/export-format.md)."""
    return {
        "represented_by": [
            _relation_summary(r, r.representative) for r in relations_for_subject(subject=resident)
        ],
        "represents": [
            _relation_summary(r, r.subject)
            for r in relations_for_representative(representative=resident)
        ],
        "acts_on_my_behalf": [
            {
                "occurred_at": act.occurred_at.isoformat(),
                "by": act.actor.display_name if act.actor else None,
                "capacity": act.capacity,
                "action": act.action,
                "categories": act.category.split(",") if act.category else [],
                "what": act.what,
            }
            for act in acts_for_subject(subject=resident)
        ],
    }
