"""The gateway read on PostgreSQL in one statement: reference, membership, the purpose,
the grants (FOR SHARE), the records and the resident's chain head (FOR UPDATE).

Each app's part is that app's own SQL (``consent.statements``, ``vault.selectors``); this
module only joins them, so one round trip does the reading. The rules stay in Python:
``consent`` decides over the facts, the vault opens the rows only for its sealed decisions.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from consent import selectors as consent_statements
from vault.selectors import RECORDS_SQL

# Active when the request started, in the reference's department. The decision's facts
# are about %(at)s: now, taken inside the transaction, as consent's own queries do.
_HELD = (
    "EXISTS (SELECT 1 FROM accounts_membership m WHERE m.user_id = %(user_id)s"
    " AND m.department_id = r.department_id AND m.started_at <= %(started_at)s"
    " AND (m.ended_at IS NULL OR m.ended_at > %(started_at)s))"
)
_RESIDENT = "(SELECT resident_id FROM ref WHERE held)"
READ = f"""
WITH ref AS (
  SELECT r.resident_id, r.department_id, d.code AS department_code, d.name AS department_name,
         d.organisation_id, o.name AS organisation_name, o.oin AS organisation_oin,
         {_HELD} AS held
  FROM municipal_gateway_residentreference r
  JOIN accounts_department d ON d.id = r.department_id
  JOIN accounts_organisation o ON o.id = d.organisation_id
  WHERE r.reference = %(reference)s
),
purpose AS ({consent_statements.PURPOSE_FACTS}),
grants AS ({consent_statements.grant_facts(resident=_RESIDENT, lock=True)}),
records AS ({RECORDS_SQL.format(resident=_RESIDENT)}),
head AS (
  SELECT h.id, h.subject_id, h.seq, h.head_hash FROM municipal_gateway_chainhead h
  WHERE h.subject_id = (
    SELECT s.subject_id FROM municipal_gateway_logsubject s WHERE s.resident_id = {_RESIDENT}
  )
  FOR UPDATE
)
SELECT (SELECT row_to_json(ref) FROM ref),
       (SELECT row_to_json(purpose) FROM purpose),
       (SELECT json_agg(grants) FROM grants),
       (SELECT json_agg(records) FROM records),
       (SELECT json_build_array(head.id, head.subject_id, head.seq, head.head_hash) FROM head)
"""


@dataclass(frozen=True)
class Read:
    reference: dict[str, Any]  # empty: no such reference
    facts: consent_statements.ReadFacts
    records: list[dict[str, Any]]
    head: list[Any] | None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


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
    values: dict[str, Any] = {
        "reference": reference,
        "user_id": user_id,
        "code": purpose_code,
        "category": category,
        "started_at": started_at,
        "at": at,
    }
    with connection.cursor() as cursor:
        cursor.execute(READ, values)
        ref, purpose, grants, records, head = (_json(value) for value in cursor.fetchone())
    facts = consent_statements.ReadFacts(
        at=at,
        purpose=consent_statements.Facts(**purpose) if purpose else None,
        grants=[consent_statements.Facts(**grant) for grant in grants or []],
    )
    return Read(ref or {}, facts, records or [], head)
