"""The gateway read on PostgreSQL in one statement: reference, membership, the purpose,
the grants (FOR SHARE), the records and the resident's chain head (FOR UPDATE).

Each app's part is that app's own SQL (``consent.statements``, ``vault.selectors``); this
module only joins them, so one round trip does the reading. The rules stay in Python:
``consent`` decides over the facts, the vault opens the rows only for its sealed decisions.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from consent import selectors as consent_selectors
from datameent.rows import from_json
from vault.selectors import RECORDS_SQL

# Active when the request started, in the reference's department. The decision's facts
# are about %(at)s: now, taken inside the transaction, as consent's own queries do.
_HELD = (
    "EXISTS (SELECT 1 FROM accounts_membership m WHERE m.user_id = %(user_id)s"
    " AND m.department_id = r.department_id AND m.started_at <= %(started_at)s"
    " AND (m.ended_at IS NULL OR m.ended_at > %(started_at)s))"
)
_RESIDENT = "(SELECT resident_id FROM ref WHERE held)"
# The gateway's parts of the statement; consent puts its own facts (the purpose, the grants
# FOR SHARE) between them and runs it (consent.selectors.facts_read).
_BEFORE = f"""
ref AS (
  SELECT r.resident_id, r.department_id, d.code AS department_code, d.name AS department_name,
         d.organisation_id, o.name AS organisation_name, o.oin AS organisation_oin,
         {_HELD} AS held
  FROM municipal_gateway_residentreference r
  JOIN accounts_department d ON d.id = r.department_id
  JOIN accounts_organisation o ON o.id = d.organisation_id
  WHERE r.reference = %(reference)s
)"""
_AFTER = f"""
records AS ({RECORDS_SQL.format(resident=_RESIDENT)}),
head AS (
  SELECT h.id, h.subject_id, h.seq, h.head_hash FROM municipal_gateway_chainhead h
  WHERE h.subject_id = (
    SELECT s.subject_id FROM municipal_gateway_logsubject s WHERE s.resident_id = {_RESIDENT}
  )
  FOR UPDATE
)"""
_COLUMNS = """(SELECT row_to_json(ref) FROM ref),
       (SELECT json_agg(records) FROM records),
       (SELECT json_build_array(head.id, head.subject_id, head.seq, head.head_hash) FROM head)"""


@dataclass(frozen=True)
class Read:
    reference: dict[str, Any]  # empty: no such reference
    facts: consent_selectors.ReadFacts
    records: list[dict[str, Any]]
    head: list[Any] | None


def read(
    *,
    reference: str,
    user_id: int,
    purpose_code: str,
    category: str | None,
    started_at: datetime,
    at: datetime,
) -> Read:
    """Everything one read needs, in one statement; the grants and the chain head stay
    locked until the caller's transaction ends."""
    statement = consent_selectors.ReadStatement(
        before=_BEFORE,
        resident=_RESIDENT,
        after=_AFTER,
        columns=_COLUMNS,
        values={
            "reference": reference,
            "user_id": user_id,
            "category": category,
            "started_at": started_at,
        },
    )
    with connection.cursor() as cursor:
        facts, row = consent_selectors.facts_read(
            cursor=cursor, statement=statement, user_id=user_id, code=purpose_code, at=at
        )
    ref, records, head = (from_json(value) for value in row)
    return Read(ref or {}, facts, records or [], head)
