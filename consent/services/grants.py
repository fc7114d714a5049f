"""Grants: give, revoke, amend; and the history notes of their expiry."""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from consent.constants import EventKind
from consent.exceptions import ConsentError, GrantAlreadyRevoked, GrantNotFound, InvalidPurpose
from consent.models import ConsentEvent, Grant, PurposeVersion
from consent.services.common import (
    checked_categories,
    checked_period,
    current_version,
    event_add,
    latest_valid_until,
    locked_subject,
    require_resident,
)
from representation.constants import Action, Party
from representation.services import Decision, NotAllowed, act_authorise

if TYPE_CHECKING:
    from accounts.models import User

EXPIRY_BATCH = 5000


def grant_insert(
    *,
    resident: "User",
    version: PurposeVersion,
    categories: list[str],
    now: datetime,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    amended_from: Grant | None = None,
    actor: "User | None" = None,
    decision: Decision | None = None,
) -> Grant:
    """A grant row for checked categories; the period is checked here. No event.

    ``actor`` gave it under ``decision`` (of ``representation``), which says in which
    capacity and whose agreement it still waits for."""
    start, end = checked_period(
        days=version.max_consent_days, now=now, valid_from=valid_from, valid_until=valid_until
    )
    return Grant.objects.create(
        resident=resident,
        subject=locked_subject(resident),
        purpose_id=version.purpose_id,
        purpose_version=version,
        department_id=version.department_id,
        categories=categories,
        valid_from=start,
        valid_until=end,
        amended_from=amended_from,
        given_by=actor or resident,
        capacity=decision.capacity if decision else "",
        awaiting=decision.awaiting if decision else Party.NONE,
    )


def grant_event(kind: str, grant: Grant, at: datetime, actor: "User | None" = None) -> ConsentEvent:
    acting = actor or grant.resident
    return event_add(
        actor=acting,
        capacity=_capacity(acting, grant),
        kind=kind,
        version=grant.purpose_version,
        categories=grant.categories,
        at=at,
        grant=grant,
        resident=grant.resident,
        subject=grant.subject,
    )


def _capacity(actor: "User | None", grant: Grant) -> str:
    if actor is None or actor.pk == grant.resident_id:
        return ""
    return grant.capacity if actor.pk == grant.given_by_id else "representative"


@transaction.atomic
def grant_create(
    *,
    resident: "User",
    purpose_code: str,
    categories: list[str],
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    department_code: str | None = None,
    actor: "User | None" = None,
) -> Grant:
    """Consent for the current version of a purpose, given to that purpose's department only.

    Without ``valid_until`` the grant lasts as long as the purpose allows. ``actor`` (default
    the resident) gives it; ``representation`` decides whether and how she may.
    """
    require_resident(resident)
    version = current_version(purpose_code)
    if department_code is not None and department_code != version.department.code:
        raise InvalidPurpose(
            _("Dit doel hoort bij een andere afdeling."), code="purpose_not_for_department"
        )
    chosen = checked_categories(
        chosen=categories, allowed=version.categories, code="category_not_in_purpose"
    )
    decision = act_authorise(
        actor=actor or resident,
        subject=resident,
        action=Action.GRANT,
        categories=chosen,
        what=purpose_code,
    )
    now = timezone.now()
    grant = grant_insert(
        resident=resident,
        version=version,
        categories=chosen,
        now=now,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=actor,
        decision=decision,
    )
    grant_event(EventKind.GRANTED, grant, now, actor)
    return grant


def _locked_grant(*, resident: "User", grant_id: UUID) -> Grant:
    grant = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("purpose_version__purpose", "resident")
        .filter(id=grant_id, resident=resident)
        .first()
    )
    if grant is None:
        raise GrantNotFound()
    if grant.revoked_at is not None:
        raise GrantAlreadyRevoked()
    # Ended grants stay as they ended, so a grant is revoked only while it could be used.
    if grant.valid_until <= timezone.now():
        raise ConsentError(_("Deze toestemming is al verlopen."), code="grant_ended")
    return grant


def grant_revoke_locked(grant: Grant, now: datetime, actor: "User | None" = None) -> None:
    grant.revoked_at = now
    grant.save(update_fields=["revoked_at"])
    grant_event(EventKind.REVOKED, grant, now, actor)


@transaction.atomic
def grant_revoke(*, resident: "User", grant_id: UUID, actor: "User | None" = None) -> Grant:
    """Revoke at once and for good. ``actor`` (default the resident) needs only to be
    allowed to withdraw: a withdrawal beats a grant, whoever gave it.

    The row lock (FOR UPDATE) waits for a gateway read holding the grant FOR SHARE; once
    this commits, every new decision sees the revocation.
    """
    grant = _locked_grant(resident=resident, grant_id=grant_id)
    act_authorise(
        actor=actor or resident,
        subject=resident,
        action=Action.WITHDRAW,
        categories=list(grant.categories),
        what=grant.purpose_version.purpose.code,
    )
    grant_revoke_locked(grant, timezone.now(), actor)
    return grant


def _party(actor: "User", grant: Grant) -> str:
    return Party.CHILD if actor.pk == grant.resident_id else Party.PARENT


def grant_agree_locked(grant: Grant, *, resident: "User", actor: "User", now: datetime) -> Grant:
    """The second agreement a grant for a child of 12 to 15 waits for.

    Only the party it waits for can give it, or the child alone once she decides alone."""
    decision = act_authorise(
        actor=actor,
        subject=resident,
        action=Action.GRANT,
        categories=list(grant.categories),
        what=grant.purpose_version.purpose.code,
    )
    if not grant.awaiting:
        return grant
    if decision.awaiting and _party(actor, grant) != grant.awaiting:
        raise NotAllowed(code="agreement_of_other_party")
    grant.awaiting = Party.NONE
    grant.save(update_fields=["awaiting"])
    grant_event(EventKind.AGREED, grant, now, actor)
    return grant


@transaction.atomic
def grant_agree(*, resident: "User", grant_id: UUID, actor: "User | None" = None) -> Grant:
    grant = _locked_grant(resident=resident, grant_id=grant_id)
    return grant_agree_locked(grant, resident=resident, actor=actor or resident, now=timezone.now())


@transaction.atomic
def grant_amend(
    *,
    resident: "User",
    grant_id: UUID,
    categories: list[str],
    valid_until: datetime | None = None,
) -> Grant:
    """Revoke a grant and give a new one for the same purpose version, linked to the old.

    The new grant starts now (or later, when the old one had not started yet) and by
    default ends when the old one would have ended.
    """
    old = _locked_grant(resident=resident, grant_id=grant_id)
    now = timezone.now()
    version = old.purpose_version
    chosen = checked_categories(
        chosen=categories, allowed=version.categories, code="category_not_in_purpose"
    )
    # A changed grant is a new grant: the same rules as giving one (a child of 12 to 15 again
    # needs the parent's agreement).
    decision = act_authorise(
        actor=resident,
        subject=resident,
        action=Action.GRANT,
        categories=chosen,
        what=version.purpose.code,
    )
    grant_revoke_locked(old, now)
    start = max(now, old.valid_from)
    limit = latest_valid_until(valid_from=start, days=version.max_consent_days)
    grant = grant_insert(
        resident=resident,
        version=version,
        categories=chosen,
        now=now,
        valid_from=start,
        valid_until=valid_until or min(old.valid_until, limit),
        amended_from=old,
        decision=decision,
    )
    grant_event(EventKind.AMENDED, grant, now)
    return grant


def grant_running_locked(
    *, resident: "User", version: PurposeVersion, now: datetime
) -> Grant | None:
    """The resident's newest grant for this purpose and team that runs now, locked.

    Not one that starts later: amending it would open its categories from now on."""
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("purpose_version")
        .filter(
            resident=resident,
            purpose_id=version.purpose_id,
            department_id=version.department_id,
            revoked_at__isnull=True,
            valid_from__lte=now,
            valid_until__gt=now,
        )
        .order_by("-created_at")
        .first()
    )


def grant_widen_locked(
    old: Grant,
    *,
    resident: "User",
    version: PurposeVersion,
    categories: list[str],
    now: datetime,
    valid_until: datetime | None = None,
    actor: "User | None" = None,
    decision: Decision | None = None,
) -> Grant:
    """Amend ``old`` for a second approval: what it covered and ``categories`` (as far as
    ``version`` has them), under ``version``, from now. A resident who says yes twice gives
    one consent: she never has to withdraw the same purpose twice."""
    covered = {*old.categories, *categories}
    grant_revoke_locked(old, now, actor)
    grant = grant_insert(
        resident=resident,
        version=version,
        categories=[code for code in version.categories if code in covered],
        now=now,
        valid_until=valid_until,
        amended_from=old,
        actor=actor,
        decision=decision,
    )
    grant_event(EventKind.AMENDED, grant, now, actor)
    return grant


def _expiry_batch(now: datetime) -> int:
    noted = ConsentEvent.objects.filter(grant=OuterRef("pk"), kind=EventKind.EXPIRED)
    grants = (
        Grant.objects.filter(valid_until__lte=now, revoked_at__isnull=True)
        .exclude(Exists(noted))
        .select_related("purpose_version")
        .order_by("valid_until")[:EXPIRY_BATCH]
    )
    events = [
        ConsentEvent(
            kind=EventKind.EXPIRED,
            grant=grant,
            resident_id=grant.resident_id,
            subject_id=grant.subject_id,
            purpose_version=grant.purpose_version,
            categories=grant.categories,
            occurred_at=grant.valid_until,
        )
        for grant in grants
    ]
    # The partial unique index keeps this idempotent when two workers run at once.
    ConsentEvent.objects.bulk_create(events, ignore_conflicts=True)
    return len(events)


def grant_expiries_record(*, now: datetime) -> int:
    """Note one ``expired`` event for every grant that reached its end unrevoked.

    History only: decisions never wait for this job, they compare with the clock.
    Returns how many events were added; a second run at the same moment adds none.
    """
    total = 0
    while True:
        with transaction.atomic():
            added = _expiry_batch(now)
        total += added
        if added < EXPIRY_BATCH:
            return total
