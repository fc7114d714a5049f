"""The facts a consent decision rests on, as plain SQL: the same on SQLite and PostgreSQL.

No ORM on the hot path: building and compiling a queryset costs more than running it. On
PostgreSQL psycopg prepares a statement once it ran a few times on a connection (DATABASES
OPTIONS ``prepare_threshold``). For the gateway's single read, consent runs ``GRANT_FACTS``
with the gateway's parts around it (``facts_read``); the rules stay in ``consent.rules``.
"""

import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from datameent.rows import from_json

# Active at %(at)s: started, and not yet ended.
_MEMBER = (
    "SELECT 1 FROM accounts_membership m WHERE m.user_id = %(user_id)s"
    " AND m.started_at <= %(at)s AND (m.ended_at IS NULL OR m.ended_at > %(at)s)"
)
# The resident's grants for the purpose, given to its current department, each row carrying
# what the decision needs about the purpose and the caseworker.
GRANT_FACTS = f"""
SELECT g.id, g.department_id, g.categories, g.valid_from, g.valid_until, g.revoked_at,
       g.awaiting, v.version AS version_number,
       EXISTS ({_MEMBER} AND m.department_id = g.department_id) AS in_department,
       EXISTS ({_MEMBER}) AS in_any_department
FROM consent_grant g
JOIN consent_purpose p ON p.id = g.purpose_id
JOIN consent_purposeversion v ON v.id = p.current_version_id
WHERE g.resident_id = {{resident}} AND p.code = %(code)s AND g.department_id = v.department_id
"""
# Shared locks let many reads run side by side, while a revocation (FOR UPDATE) waits until
# the reading transaction is done. PostgreSQL only; SQLite serialises writers anyway.
FOR_SHARE = " FOR SHARE OF g"
# The same facts without any grant: only needed when the resident has none.
PURPOSE_FACTS = f"""
SELECT v.version AS version_number, v.department_id, v.name_nl, v.name_en,
       v.categories AS purpose_categories,
       EXISTS ({_MEMBER} AND m.department_id = v.department_id) AS in_department,
       EXISTS ({_MEMBER}) AS in_any_department
FROM consent_purpose p JOIN consent_purposeversion v ON v.id = p.current_version_id
WHERE p.code = %(code)s
"""
PURPOSE_NAMES = ("name_nl", "name_en", "purpose_categories")
GRANT_COLUMNS = (
    "id",
    "department_id",
    "categories",
    "valid_from",
    "valid_until",
    "revoked_at",
    "awaiting",
    "version_number",
    "in_department",
    "in_any_department",
)


def grant_facts(*, resident: str = "%(resident_id)s", lock: bool = False) -> str:
    """``GRANT_FACTS`` for the resident ``resident`` names (a parameter, or a caller's
    subquery), FOR SHARE when ``lock``."""
    return GRANT_FACTS.format(resident=resident) + (FOR_SHARE if lock else "")


@dataclass(frozen=True)
class ReadFacts:
    """What consent read for one decision (``grant_facts(lock=True)`` and ``PURPOSE_FACTS``)
    at ``at``, inside the transaction that holds the grants. Only ``facts_read`` makes one
    that a decision accepts (``issued``): facts built by hand decide nothing."""

    at: datetime
    user_id: int
    code: str
    purpose: "Facts | None"
    grants: list["Facts"]


@dataclass(frozen=True)
class ReadStatement:
    """A caller's own parts of the one statement consent runs for a read (the gateway's:
    its reference before consent's facts, the records and its chain head after them)."""

    before: str  # CTEs consent's may refer to
    resident: str  # a SQL expression for the resident, over ``before``
    after: str  # CTEs after consent's ("" for none)
    columns: str  # the caller's select list, after consent's two columns
    values: dict[str, Any]


# Facts this process read itself, held weakly: a copy or a hand-built one is not among them.
_ISSUED: "weakref.WeakValueDictionary[int, ReadFacts]" = weakref.WeakValueDictionary()


def issued(read: ReadFacts) -> bool:
    return _ISSUED.get(id(read)) is read


def facts_read(
    *, cursor: Any, statement: ReadStatement, user_id: int, code: str, at: datetime
) -> tuple[ReadFacts, tuple[Any, ...]]:
    """Run one statement: the caller's parts around consent's own facts, with the grants FOR
    SHARE. Consent composes and runs it and sets the values its facts depend on, so the
    facts a decision rests on are read by consent, not handed in. Returns the facts and the
    caller's columns."""
    after = f", {statement.after}" if statement.after else ""
    sql = (
        f"WITH {statement.before}, purpose AS ({PURPOSE_FACTS}), "
        f"grants AS ({grant_facts(resident=statement.resident, lock=True)}){after} "
        "SELECT (SELECT row_to_json(purpose) FROM purpose), "
        f"(SELECT json_agg(grants) FROM grants), {statement.columns}"
    )
    cursor.execute(sql, {**statement.values, "user_id": user_id, "code": code, "at": at})
    purpose, grants, *rest = cursor.fetchone()
    purpose, grants = from_json(purpose), from_json(grants)
    read = ReadFacts(
        at=at,
        user_id=user_id,
        code=code,
        purpose=Facts(**purpose) if purpose else None,
        grants=[Facts(**grant) for grant in grants or []],
    )
    _ISSUED[id(read)] = read
    return read, tuple(rest)


class Facts:
    """One row of facts, with the types ``consent.rules`` expects, whatever the back end
    (or JSON) gave: a UUID, a list of categories, aware datetimes, booleans."""

    id: UUID | None
    department_id: int | None
    categories: list[str] | None
    valid_from: datetime | None
    valid_until: datetime | None
    revoked_at: datetime | None
    awaiting: str | None
    version_number: int | None
    in_department: bool
    in_any_department: bool
    name_nl: str | None
    name_en: str | None
    purpose_categories: list[str] | None

    def __init__(self, **values: Any) -> None:
        for name in (*GRANT_COLUMNS, *PURPOSE_NAMES):
            setattr(self, name, _convert(name, values.get(name)))


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _convert(name: str, value: Any) -> Any:
    if name == "id":
        return value if value is None or isinstance(value, UUID) else UUID(str(value))
    if name in ("categories", "purpose_categories"):
        return from_json(value)
    if name in ("valid_from", "valid_until", "revoked_at"):
        return _moment(value)
    if name in ("in_department", "in_any_department"):
        return bool(value)
    return value


def facts(cursor: Any) -> list[Facts]:
    """The rows a cursor holds, by column name."""
    names = [column[0] for column in cursor.description]
    return [Facts(**dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
