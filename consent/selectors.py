"""Reads for consent, and THE decision: may this caseworker read this category, now?

``decide`` is the only function that answers that question. ``vault.selectors
.records_for_decision`` opens another person's data only for a usable decision from here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, TruncMonth
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from accounts.constants import Role
from accounts.selectors import memberships_active_at
from consent import statements
from consent.constants import ReasonCode
from consent.exceptions import FactsNotRead
from consent.models import AccessRequest, ConsentEvent, Grant, PurposeVersion
from consent.queries import (  # noqa: F401 - part of this module's interface
    access_request_addressee,
    access_requests_for_caseworker,
    access_requests_for_resident,
    consent_export_section,
    current_purposes,
    events_for_resident,
    grant_get_for_resident,
    grant_receipt,
    grants_current_for_resident,
    grants_for_resident,
    purposes_for_resident,
)
from consent.rules import best_grant, grant_reason, grant_status, most_telling  # noqa: F401
from consent.statements import (  # noqa: F401 - part of this module's interface
    Facts,
    ReadFacts,
    ReadStatement,
    facts_read,
)
from vault import consent_seal

if TYPE_CHECKING:
    from accounts.models import User

# A decision opens data only right after it was made; the gateway reads within milliseconds.
DECISION_MAX_AGE = timedelta(seconds=60)


@dataclass(frozen=True)
class ConsentDecision:
    """The answer of ``decide``, with everything the access log needs to record it.

    ``reason`` is a ``ReasonCode``; ``grant_id`` is the grant the answer rests on (None
    when there is none, or the caseworker or purpose ruled it out first).

    Anyone can build one of these, or copy one. Only the very object ``decide`` handed out,
    unchanged, opens a vault: consent seals it for the vault (``vault.consent_seal``).
    """

    allowed: bool
    reason: str
    grant_id: UUID | None
    resident_id: int
    caseworker_id: int
    purpose_code: str
    purpose_version: int | None
    department_id: int | None
    category: str
    decided_at: datetime
    # Decided against the clock (no ``at``): only such a decision can open data.
    live: bool = False


def _issue(**fields: Any) -> ConsentDecision:
    """A new decision; one that may open data is sealed for the vault (``vault.consent_seal``)
    until it grows too old."""
    decision = ConsentDecision(**fields)
    if decision.allowed and decision.live and decision.category:
        consent_seal.seal(decision, until=decision.decided_at + DECISION_MAX_AGE)
    return decision


def _active(user_id: int, at: datetime) -> QuerySet:
    return memberships_active_at(user=get_user_model()(pk=user_id), at=at)


def _facts(
    *, caseworker: "User", resident: "User", purpose_code: str, at: datetime, lock: bool
) -> tuple[Any, list[Any]]:
    """(purpose and membership facts or None, grants): one query when grants exist."""
    if caseworker.role != Role.CASEWORKER:
        return None, []
    values: dict[str, Any] = {
        "resident_id": resident.pk,
        "user_id": caseworker.pk,
        "code": purpose_code,
        "at": connection.ops.adapt_datetimefield_value(at),
    }
    shared = lock and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(statements.grant_facts(lock=shared), values)
        grants = statements.facts(cursor)
        if grants:
            return grants[0], grants
        cursor.execute(statements.PURPOSE_FACTS, values)
        rows = statements.facts(cursor)
    return (rows[0] if rows else None), []


def decide(
    *,
    caseworker: "User",
    resident: "User",
    purpose_code: str,
    category: str,
    at: datetime | None = None,
    lock: bool = False,
) -> ConsentDecision:
    """May ``caseworker`` read ``category`` of ``resident`` for ``purpose_code`` at ``at``?

    The first rule that fails gives the reason:

    1. ``not_a_member_of_department``: the caseworker is in no department at that moment
       (left, not yet started, or not a caseworker at all).
    2. ``purpose_not_for_department``: the purpose is unknown, or its current version
       belongs to a department the caseworker is not in.
    3. The resident's grants for this purpose, given to that department (older versions
       included; a grant only ever covers what it was given for). The best grant decides,
       in this order: ``allowed``, ``category_not_covered``, ``not_yet_valid``,
       ``awaiting_agreement`` (a child of 12 to 15 or the parent has not agreed yet),
       ``revoked``, ``expired``; without any grant: ``no_grant``.

    Without ``at`` the decision is about now and is *live*. With ``lock=True`` (inside a
    transaction) the grants read are locked FOR SHARE on PostgreSQL until it ends.
    One query when the resident has grants for the purpose, two when not.
    """
    [decision] = decide_categories(
        caseworker=caseworker,
        resident=resident,
        purpose_code=purpose_code,
        categories=[category],
        at=at,
        lock=lock,
    )
    return decision


def decide_categories(
    *,
    caseworker: "User",
    resident: "User",
    purpose_code: str,
    categories: list[str],
    at: datetime | None = None,
    lock: bool = False,
    department_id: int | None = None,
    read: statements.ReadFacts | None = None,
) -> list[ConsentDecision]:
    """``decide`` for several categories at once, in their order: the same rules, decided
    at one moment over one read of the grants (so one query, or two without grants).

    With ``department_id`` (the department the caseworker acts for, as a gateway reference
    is bound to one) a purpose of any other department is refused first:
    ``purpose_not_for_department``, whatever the grants say.

    ``read``: the facts a caller's own statement read now, with the grants FOR SHARE, in the
    transaction this runs in (the gateway's single statement); decided by the same rules.

    No categories (a purpose that names none, or none of the caller's): one decision about
    no category (``""``), which gives the reason why not and never opens a vault."""
    if (lock or read) and not connection.in_atomic_block:
        raise TransactionManagementError("decide(lock=True) must run inside a transaction")
    if read is not None and not _read_by_consent(read, caseworker, purpose_code):
        raise FactsNotRead("Only facts consent read itself decide a read")
    if read is not None and caseworker.role == Role.CASEWORKER:
        moment = read.at
        facts, grants = (read.grants[0] if read.grants else read.purpose), read.grants
    else:
        moment = at or timezone.now()
        facts, grants = _facts(
            caseworker=caseworker,
            resident=resident,
            purpose_code=purpose_code,
            at=moment,
            lock=lock,
        )
    refusal = None
    if facts is None or not facts.in_department:
        member = facts is not None and facts.in_any_department
        if facts is None and caseworker.role == Role.CASEWORKER:
            # An unknown purpose has no row to carry the answer.
            member = _active(caseworker.pk, moment).exists()
        refusal = _REFUSED[bool(member)]
    if department_id is not None and (facts.department_id if facts else None) != department_id:
        refusal = ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT
    decisions = []
    for category in categories or [""]:
        grant, reason = (
            (None, refusal) if refusal else best_grant(grants, category=category, at=moment)
        )
        decisions.append(
            _issue(
                allowed=reason == ReasonCode.ALLOWED,
                reason=reason,
                grant_id=grant.id if grant else None,
                resident_id=resident.pk,
                caseworker_id=caseworker.pk,
                purpose_code=purpose_code,
                purpose_version=facts.version_number if facts else None,
                department_id=facts.department_id if facts else None,
                category=category,
                decided_at=moment,
                live=at is None,
            )
        )
    return decisions


def _read_by_consent(read: statements.ReadFacts, caseworker: "User", purpose_code: str) -> bool:
    """Facts from ``facts_read`` in this process, about this caseworker and purpose."""
    return statements.issued(read) and read.user_id == caseworker.pk and read.code == purpose_code


_REFUSED = {
    True: ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT,
    False: ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
}


def decision_is_usable(decision: ConsentDecision) -> bool:
    """Issued here, allowed, about one category, about now, and made a moment ago: only then
    may it open a vault. The vault asks ``vault.consent_seal.is_sealed``, which says the same."""
    return consent_seal.is_sealed(decision)


def best_decision(decisions: list[ConsentDecision]) -> ConsentDecision:
    """Of the decisions for the categories of one read, the one whose reason is logged."""
    return decisions[most_telling([decision.reason for decision in decisions])]


def decide_lookup(
    *, caseworker: "User", resident: "User", purpose_code: str, lock: bool = False
) -> ConsentDecision:
    """May ``caseworker`` learn that ``resident`` is known, for ``purpose_code``, now?

    Yes when any grant for the purpose runs, whatever categories it covers: a lookup shows no
    data. The answer is about no category (``category=""``), so it can never open a vault.
    """
    [decision] = decide_categories(
        caseworker=caseworker,
        resident=resident,
        purpose_code=purpose_code,
        categories=[""],
        lock=lock,
    )
    found = decision.reason in (ReasonCode.ALLOWED, ReasonCode.CATEGORY_NOT_COVERED)
    fields = {**decision.__dict__, "allowed": found}
    return _issue(**{**fields, "reason": ReasonCode.ALLOWED if found else decision.reason})


# -- for the gateway ----------------------------------------------------------------------


def _effective_at(at: datetime) -> Q:
    return Q(valid_from__lte=at, valid_until__gt=at) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
    )


def residents_with_current_grant_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet:
    """Residents with a grant running at ``at`` for a purpose of the caseworker's department."""
    if caseworker.role != Role.CASEWORKER:
        return get_user_model().objects.none()
    departments = memberships_active_at(user=caseworker, at=at).values("department_id")
    grants = Grant.objects.filter(
        _effective_at(at),
        department_id__in=departments,
        department_id=F("purpose__current_version__department_id"),
    )
    return get_user_model().objects.filter(id__in=grants.values("resident_id"))


def purposes_for_caseworker(*, caseworker: "User", at: datetime) -> QuerySet[PurposeVersion]:
    """The current versions of the purposes of the caseworker's departments at ``at``."""
    if caseworker.role != Role.CASEWORKER:
        return PurposeVersion.objects.none()
    departments = memberships_active_at(user=caseworker, at=at).values("department_id")
    return current_purposes().filter(department_id__in=departments)


def grants_expiring_between(*, start: datetime, end: datetime) -> QuerySet[Grant]:
    """Running grants whose end falls in ``[start, end)``: for expiry reminders."""
    return (
        Grant.objects.filter(
            valid_until__gte=start,
            valid_until__lt=end,
            revoked_at__isnull=True,
            resident__isnull=False,
        )
        .select_related("purpose", "purpose_version", "department", "resident")
        .order_by("valid_until")
    )


# What aggregate statistics may group consent events by: never a subject or a grant.
EVENT_COUNT_GROUPS = frozenset({"month", "purpose_code", "kind"})


# Not Coalesce(Concat(...), ...): Concat turns a NULL subject into "", never NULL.
_PERSON = Case(
    When(subject__isnull=False, then=Concat(Value("subject:"), Cast("subject_id", CharField()))),
    default=Concat(Value("bsn:"), "access_request__bsn_hash"),
    output_field=CharField(),
)


def consent_event_counts(
    *, start: datetime, end: datetime, by: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Consent events (given, revoked, amended, expired; requests made, approved, denied,
    expired) in ``[start, end)``, grouped ``by`` (keys of ``EVENT_COUNT_GROUPS``; ``month``
    is the first day of the local month), with ``events`` and ``residents``: the number of
    different residents they concern. Erased residents still count, under their pseudonym.

    A request is made about a BSN, before anyone knows whether it has a vault, so its
    events have no subject yet: the keyed BSN hash tells those people apart."""
    if not set(by) <= EVENT_COUNT_GROUPS:
        raise ValueError(f"cannot group consent events by {sorted(set(by) - EVENT_COUNT_GROUPS)}")
    events = ConsentEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    if "month" in by:
        events = events.annotate(month=TruncMonth("occurred_at", output_field=DateField()))
    if "purpose_code" in by:
        events = events.annotate(purpose_code=F("purpose_version__purpose__code"))
    counts = {"events": Count("id"), "residents": Count(_PERSON, distinct=True)}
    if not by:
        # values() without fields would select every column and count each event apart.
        return [events.aggregate(**counts)]
    return list(events.values(*by).annotate(**counts).order_by(*by))


def purpose_version_names(*, keys: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], str]:
    """The name of each (purpose code, version) in the language of the page, in one query.
    Versions never change, so this is the name the resident consented under."""
    wanted = {(code, version) for code, version in keys if code and version}
    if not wanted:
        return {}
    versions = PurposeVersion.objects.filter(
        purpose__code__in={code for code, _version in wanted}
    ).select_related("purpose")
    return {
        (version.purpose.code, version.version): version.name
        for version in versions
        if (version.purpose.code, version.version) in wanted
    }


def access_requests_asked_between(
    *, caseworker_ids: Iterable[int], bsn_hashes: Iterable[str], start: datetime, end: datetime
) -> list[tuple[int, str, datetime]]:
    """When these caseworkers asked for consent for these (hashed) BSNs in ``[start, end)``,
    as (caseworker id, BSN hash, asked at), in one query: an alert rule of the privacy
    officer (objections app) counts a request as a follow-up of a lookup."""
    asked = AccessRequest.objects.filter(
        caseworker_id__in=set(caseworker_ids),
        bsn_hash__in=set(bsn_hashes),
        created_at__gte=start,
        created_at__lt=end,
    )
    return list(asked.values_list("caseworker_id", "bsn_hash", "created_at"))
