"""What one grant says at one moment. Pure functions, shared by the decision and the views.

A grant runs from ``valid_from`` (inclusive) to ``valid_until`` (exclusive): at
``valid_until`` itself it has expired, to the microsecond. It stops earlier when it is
revoked. Only running or future grants can be revoked, so a revocation always comes before
the end date. A grant for a child of 12 to 15 that still waits for the child's or the
parent's agreement (``awaiting``, see ``representation.rules``) never runs, and a revocation
by either of them beats it.
"""

from datetime import datetime
from typing import Any

from consent.constants import GrantStatus, ReasonCode

# Lower is better: the reason of the best grant is the reason of the decision.
RANK = [
    ReasonCode.ALLOWED,
    ReasonCode.CATEGORY_NOT_COVERED,
    ReasonCode.NOT_YET_VALID,
    ReasonCode.AWAITING_AGREEMENT,
    ReasonCode.REVOKED,
    ReasonCode.EXPIRED,
]
# Best first, over every reason a decision can give: when one read covers several
# categories, the most telling reason is the one logged and shown. Grants first (RANK), then
# the reasons that came before any grant was looked at.
REASON_RANK = [
    *RANK,
    ReasonCode.NO_GRANT,
    ReasonCode.PURPOSE_NOT_FOR_DEPARTMENT,
    ReasonCode.NOT_A_MEMBER_OF_DEPARTMENT,
]
_STATUS = {
    None: GrantStatus.ACTIVE,
    ReasonCode.REVOKED: GrantStatus.REVOKED,
    ReasonCode.EXPIRED: GrantStatus.EXPIRED,
    ReasonCode.NOT_YET_VALID: GrantStatus.NOT_YET_VALID,
    ReasonCode.AWAITING_AGREEMENT: GrantStatus.AWAITING_AGREEMENT,
}


def time_reason(grant: Any, *, at: datetime) -> ReasonCode | None:
    """Why the grant is not running at ``at``, or None when it runs."""
    if grant.revoked_at is not None and grant.revoked_at <= at:
        return ReasonCode.REVOKED
    if at >= grant.valid_until:
        return ReasonCode.EXPIRED
    if at < grant.valid_from:
        return ReasonCode.NOT_YET_VALID
    if grant.awaiting:
        return ReasonCode.AWAITING_AGREEMENT
    return None


def grant_reason(grant: Any, *, category: str, at: datetime) -> ReasonCode:
    """What one grant says about reading ``category`` at ``at``."""
    reason = time_reason(grant, at=at)
    if reason is None and category not in grant.categories:
        reason = ReasonCode.CATEGORY_NOT_COVERED
    return reason or ReasonCode.ALLOWED


def grant_status(grant: Any, *, at: datetime) -> GrantStatus:
    return _STATUS[time_reason(grant, at=at)]


def best_grant(grants: list[Any], *, category: str, at: datetime) -> tuple[Any, ReasonCode]:
    """The grant that says the most for ``category`` at ``at``, with its reason."""
    ranked = [(RANK.index(grant_reason(g, category=category, at=at)), g) for g in grants]
    if not ranked:
        return None, ReasonCode.NO_GRANT
    # Equal rank: the one that runs longest, then the lowest id, so the answer is stable.
    rank, grant = min(ranked, key=lambda r: (r[0], -r[1].valid_until.timestamp(), r[1].id.hex))
    return grant, RANK[rank]


def most_telling(reasons: list[str]) -> int:
    """The index in ``reasons`` of the best one, by ``REASON_RANK``."""
    ranks = [REASON_RANK.index(ReasonCode(reason)) for reason in reasons]
    return ranks.index(min(ranks))
