"""A representative sees and changes the records of the person she acts for (issue 11).

Only where ``may`` allows the action ``records`` for the record's category: a record in
another category is not listed, shown, counted or downloadable, and answers as if it did
not exist. Every look and every change is an act in the subject's log (``act_authorise``),
and a change is marked as entered by a representative; the act says who and in which
capacity. A refused attempt on a category (a record outside the relation, a list of such
a category, a change into one) is a refused act in that log (``act_refusal_record``),
written in its own transaction before the refusal is raised, so it is kept although the
answer is an error. The owner's own reads and writes stay in ``vault``.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from representation import rules
from representation.constants import Action, ActWhat
from representation.exceptions import NotAllowed
from representation.selectors import allowed_for, may
from representation.services import act_authorise, act_refusal_record
from vault.selectors import (
    RecordData,
    RecordNotFound,
    record_category_for_resident,
    record_document_for_resident,
    record_get_for_resident,
    record_list_for_resident,
    record_versions_for_resident,
    resident_export,
)
from vault.services import record_mark_entered_by_representative, record_update

if TYPE_CHECKING:
    from accounts.models import User


def record_categories(*, actor: "User", subject: "User", at: datetime | None = None) -> list[str]:
    """The categories of ``subject``'s records that ``actor`` may see and change now."""
    allowed = allowed_for(actor=actor, subject=subject, at=at or timezone.now())
    return [category for category in allowed[Action.RECORDS] if category]


def records_for_representative(
    *, actor: "User", subject: "User", category: str | None = None
) -> list[RecordData]:
    """The subject's records in the categories ``actor`` may see (one of them, if given).
    Raises ``NotAllowed`` when she may see none, or not ``category`` (then a refused act)."""
    categories = record_categories(actor=actor, subject=subject)
    if category is not None:
        categories = [c for c in categories if c == category]
    if not categories:
        decision = may(actor=actor, action=Action.RECORDS, category=category, subject=subject)
        if category is not None:
            act_refusal_record(
                actor=actor,
                subject=subject,
                action=Action.RECORDS,
                categories=[category],
                what=ActWhat.RECORDS,
            )
        raise NotAllowed(code=decision.reason)
    with transaction.atomic():
        act_authorise(
            actor=actor,
            subject=subject,
            action=Action.RECORDS,
            categories=categories,
            what=ActWhat.RECORDS,
        )
        items = [
            item
            for chosen in categories
            for item in record_list_for_resident(resident=subject, category=chosen)
        ]
    return sorted(items, key=lambda item: item.updated_at, reverse=True)


def _category_or_refusal(*, actor: "User", subject: "User", record_id: UUID, what: str) -> str:
    """The record's category, when ``actor`` may act on it. A category she may not act on
    is written in the subject's log as a refused act, and answers as a record that does
    not exist, so nothing about it leaks to her."""
    category = record_category_for_resident(resident=subject, record_id=record_id)
    if not may(actor=actor, action=Action.RECORDS, category=category, subject=subject).allowed:
        act_refusal_record(
            actor=actor,
            subject=subject,
            action=Action.RECORDS,
            categories=[category],
            what=what,
            record_id=record_id,
        )
        raise RecordNotFound()
    return category


def _authorised(*, actor: "User", subject: "User", record_id: UUID, what: str) -> None:
    """The act in the subject's log, inside the caller's transaction (``act_authorise``
    asks ``may`` again, so a relation that ended meanwhile still refuses)."""
    category = record_category_for_resident(resident=subject, record_id=record_id)
    act_authorise(
        actor=actor,
        subject=subject,
        action=Action.RECORDS,
        categories=[category],
        what=what,
        record_id=record_id,
    )


def record_for_representative(*, actor: "User", subject: "User", record_id: UUID) -> RecordData:
    _category_or_refusal(actor=actor, subject=subject, record_id=record_id, what=ActWhat.RECORD)
    with transaction.atomic():
        _authorised(actor=actor, subject=subject, record_id=record_id, what=ActWhat.RECORD)
        return record_get_for_resident(resident=subject, record_id=record_id)


def record_versions_for_representative(
    *, actor: "User", subject: "User", record_id: UUID
) -> list[RecordData]:
    what = ActWhat.RECORD_VERSIONS
    _category_or_refusal(actor=actor, subject=subject, record_id=record_id, what=what)
    with transaction.atomic():
        _authorised(actor=actor, subject=subject, record_id=record_id, what=what)
        return record_versions_for_resident(resident=subject, record_id=record_id)


def record_document_for_representative(
    *, actor: "User", subject: "User", record_id: UUID
) -> tuple[dict[str, Any], bytes]:
    what = ActWhat.RECORD_DOCUMENT
    _category_or_refusal(actor=actor, subject=subject, record_id=record_id, what=what)
    with transaction.atomic():
        _authorised(actor=actor, subject=subject, record_id=record_id, what=what)
        return record_document_for_resident(resident=subject, record_id=record_id)


def record_update_for_representative(
    *, actor: "User", subject: "User", record_id: UUID, **changes: Any
) -> RecordData:
    """Change a record for the subject (``changes`` as ``vault.services.record_update``
    takes them). The new version is marked as entered by a representative, and the act
    names the version. A change into a category she may not act on is refused whole, and
    is a refused act in the subject's log."""
    category = _category_or_refusal(
        actor=actor, subject=subject, record_id=record_id, what=ActWhat.RECORD_EDIT
    )
    try:
        return _record_update(actor=actor, subject=subject, record_id=record_id, **changes)
    except NotAllowed:
        moved = changes.get("category") or category
        act_refusal_record(
            actor=actor,
            subject=subject,
            action=Action.RECORDS,
            categories=sorted({category, moved}),
            what=ActWhat.RECORD_EDIT,
            record_id=record_id,
        )
        raise


@transaction.atomic
def _record_update(
    *, actor: "User", subject: "User", record_id: UUID, **changes: Any
) -> RecordData:
    category = record_category_for_resident(resident=subject, record_id=record_id)
    before = record_get_for_resident(resident=subject, record_id=record_id).version
    record = record_update(resident=subject, record_id=record_id, **changes)
    changed = record.version != before
    act_authorise(
        actor=actor,
        subject=subject,
        action=Action.RECORDS,
        categories=sorted({category, record.category}),
        what=ActWhat.RECORD_EDIT if changed else ActWhat.RECORD,
        record_id=record_id,
        record_version=record.version if changed else None,
    )
    if changed and actor.pk != subject.pk:
        record_mark_entered_by_representative(resident=subject, record_id=record_id)
    return record_get_for_resident(resident=subject, record_id=record_id)


def may_export(*, actor: "User", subject: "User") -> rules.Decision:
    """Export is for whoever may see all of the subject's records and her log: a curator,
    or a parent or guardian of a child under 16 (docs/representation.md). A relation
    limited to categories (bewind, mentorschap, a machtiging) refuses."""
    decision = may(actor=actor, action=Action.RECORDS, category=None, subject=subject)
    if not decision.allowed:
        return decision
    return may(actor=actor, action=Action.LOG, category=None, subject=subject)


@transaction.atomic
def export_for_representative(*, actor: "User", subject: "User") -> dict[str, Any]:
    """The subject's whole export (docs/export-format.md), an act in her log."""
    decision = may_export(actor=actor, subject=subject)
    if not decision.allowed:
        raise NotAllowed(code=decision.reason)
    act_authorise(
        actor=actor, subject=subject, action=Action.RECORDS, categories=None, what=ActWhat.EXPORT
    )
    return resident_export(resident=subject, whose=subject.display_name)
