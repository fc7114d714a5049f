"""*lean*: the least a logged gateway read can do, as a floor to measure the product against.

Not a product path (it skips consent's full rules, the hygiene of the input and the
refusals' own entries): a bench view that keeps the costly guarantees of an allowed read, so
the distance between it and the real read is what the read path's own Python costs.

Two round trips to PostgreSQL, each one message of several statements (simple protocol,
values bound by the client), each statement PREPAREd once per connection. (psycopg's
pipeline mode does the same in two round trips, with 9 sends and 16 polls a read instead of
2 and 2; it cost about 5 % more CPU in the web process here.)

1. ``BEGIN`` and one SELECT: the API token and its user, the reference and the caller's
   membership, the purpose's current version, the resident's grants FOR SHARE (a revoke
   waits for this transaction), the records and the resident's chain head FOR UPDATE.
   The same SQL as the product's own statement (consent's facts, the vault's records, the
   gateway's reference and head), with the token folded in.
2. The entry (its SHA-256 over the canonical encoding, chained to the head), the resident's
   pending message in the outbox, the head's move, and ``COMMIT``. A failing statement
   aborts the transaction before COMMIT, so no data leaves without its entry.

In Python between them: the token's digest, a grant that covers the category now, the
vault's data key and each record's decryption, the entry's hash, the answer's JSON.
"""

import json
import re
import secrets
import uuid
import weakref
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from psycopg import ClientCursor

from accounts.tokens import digests_match, token_digest, token_prefix
from consent.statements import PURPOSE_FACTS, grant_facts
from municipal_gateway import encoding
from municipal_gateway.constants import API_TOKEN, LEGAL_BASIS_CONSENT
from municipal_gateway.encoding import CONTENT_FIELDS, OPTIONAL_FIELDS
from municipal_gateway.services.statements import _AFTER, _BEFORE, _RESIDENT
from vault import crypto

_TOKEN = """tok AS (
  SELECT t.digest, u.id, u.username, u.first_name, u.last_name, u.role FROM accounts_apitoken t
  JOIN accounts_user u ON u.id = t.user_id
  WHERE t.prefix = %(prefix)s AND t.revoked_at IS NULL AND u.is_active
    AND (t.expires_at IS NULL OR t.expires_at > %(at)s)
)"""
_READ = (
    f"WITH {_TOKEN}, {_BEFORE}, purpose AS ({PURPOSE_FACTS}), "
    f"grants AS ({grant_facts(resident=_RESIDENT, lock=True)}), {_AFTER} "
    "SELECT (SELECT row_to_json(tok) FROM tok), (SELECT row_to_json(ref) FROM ref), "
    "(SELECT row_to_json(purpose) FROM purpose), (SELECT json_agg(grants) FROM grants), "
    "(SELECT json_agg(records) FROM records), "
    "(SELECT json_build_array(head.id, head.subject_id, head.seq, head.head_hash) FROM head)"
).replace("%(user_id)s", "(SELECT id FROM tok)")
_ENTRY_COLUMNS = (
    "id", "subject_id", "seq", "prev_hash", "entry_hash", *CONTENT_FIELDS, *OPTIONAL_FIELDS
)  # fmt: skip
_JSON_COLUMNS = ("categories_requested", "categories_returned", "record_ids")
_WRITE = (
    "INSERT INTO municipal_gateway_accesslogentry ("
    + ", ".join(_ENTRY_COLUMNS)
    + ") VALUES ("
    + ", ".join(
        f"%({name})s::jsonb" if name in _JSON_COLUMNS else f"%({name})s" for name in _ENTRY_COLUMNS
    )
    + ")",
    "INSERT INTO notifications_outboxmessage"
    " (kind, resident_id, source_id, payload, created_at, dispatched_at, attempts)"
    " VALUES ('access', %(resident_id)s, %(id)s, %(payload)s::jsonb, %(occurred_at)s, NULL, 0)"
    " ON CONFLICT (kind, source_id) DO NOTHING",
    "UPDATE municipal_gateway_chainhead SET seq = %(seq)s, head_hash = %(entry_hash)s,"
    " updated_at = %(occurred_at)s WHERE id = %(head_id)s",
)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


def _shown(value: str) -> str:
    """As the API shows a moment (DRF's DateTimeField): in the current time zone."""
    text = datetime.fromisoformat(value).astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _covers(grant: dict[str, Any], category: str, now: datetime) -> bool:
    until = _moment(grant["valid_until"])
    return (
        grant["in_department"]
        and category in grant["categories"]
        and grant["revoked_at"] is None
        and not grant["awaiting"]
        and _moment(grant["valid_from"]) <= now  # type: ignore[operator]
        and (until is None or until > now)
    )


def _records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return []
    first = rows[0]
    vault_id = uuid.UUID(first["vault_id"])
    wrapped = bytes.fromhex(first["vault_wrapped_dek"][2:])
    dek = crypto.unwrap_dek(wrapped, kek_id=first["vault_kek_id"], vault_id=vault_id)
    opened = []
    for row in rows:
        aad = crypto.record_aad(
            vault_id=vault_id,
            record_id=uuid.UUID(row["id"]),
            version=row["version"],
            category=row["category"],
            part="content",
        )
        payload = json.loads(crypto.decrypt(dek, bytes.fromhex(row["ciphertext"][2:]), aad=aad))
        opened.append(
            {
                "id": row["id"],
                "category": row["category"],
                "version": row["version"],
                "title": payload["title"],
                "type": payload.get("type"),
                "content": payload["content"],
                "document": payload["document"],
                "provenance": row["provenance"],
                "source_organisation": row["organisation_name"],
                "created_at": _shown(row["created_at"]),
                "updated_at": _shown(row["updated_at"]),
            }
        )
    return opened


def _entry(request: HttpRequest, tok: dict, ref: dict, purpose: dict, grant: dict, head: list,
           shown: list) -> dict:  # fmt: skip
    now = datetime.now(UTC)
    entry = {
        "id": str(uuid.uuid4()),
        "subject_id": head[1],
        "seq": head[2] + 1,
        "prev_hash": head[3],
        "occurred_at": now,
        "started_at": now,
        "operation": "records_read",
        "caseworker_id": tok["id"],
        # As User.display_name: the full name, or else the username.
        "caseworker_name": f"{tok['first_name']} {tok['last_name']}".strip() or tok["username"],
        "department_code": ref["department_code"],
        "department_name": ref["department_name"],
        "organisation_name": ref["organisation_name"],
        "organisation_oin": ref["organisation_oin"],
        "purpose_code": request.GET.get("purpose", ""),
        "purpose_version": purpose["version_number"],
        "purpose_name": purpose["name_nl"],
        "legal_basis": LEGAL_BASIS_CONSENT,
        "grant_id": str(grant["id"]),
        "categories_requested": sorted({record["category"] for record in shown}),
        "categories_returned": sorted({record["category"] for record in shown}),
        "record_ids": sorted(record["id"] for record in shown),
        "outcome": "allowed",
        "reason": "allowed",
        "stated_reason": request.headers.get("X-Reason", ""),
        "trace_id": secrets.token_hex(16),
        "span_id": secrets.token_hex(8),
        "parent_span_id": "",
        "request_id": "",
        "login_method": API_TOKEN,
        "login_assurance": "",
    }
    return entry


def _hash(entry: dict[str, Any]) -> str:
    """The gateway's own hash of the entry (``encoding.entry_hash`` reads it by attribute)."""
    return encoding.entry_hash(SimpleNamespace(**entry))  # type: ignore[arg-type]


def _grant(token, tok, ref, grants, head, category, now) -> dict[str, Any] | None:  # noqa: ANN001
    """The grant that allows this read, if the token and the reference are good."""
    allowed = (
        tok is not None
        and digests_match(tok["digest"], token_digest(token))
        and tok["role"] == "caseworker"
        and ref is not None
        and ref["held"]
        and head is not None
    )
    if not allowed or not category:
        return None
    return next((grant for grant in grants or [] if _covers(grant, category, now)), None)


def _payload(entry: dict, tok: dict, ref: dict, purpose: dict, now: datetime) -> dict:
    """The resident's pending message, as the gateway's."""
    return {
        "reason": entry["stated_reason"],
        "purpose": entry["purpose_code"],
        "refusal": None,
        "actor_id": tok["id"],
        "grant_id": entry["grant_id"],
        "categories": entry["categories_returned"],
        "department": ref["department_code"],
        "occurred_at": now.isoformat(),
        "access_log_id": entry["id"],
        "purpose_name_en": purpose["name_en"],
        "purpose_name_nl": purpose["name_nl"],
    }


def _refused() -> JsonResponse:
    # The floor measures allowed reads only; a refusal here is a broken bench, not a result.
    return JsonResponse({"code": "refused"}, status=403)


_NAME = re.compile(r"%\((\w+)\)s")


def _positional(sql: str) -> tuple[str, list[str]]:
    """``%(name)s`` placeholders as ``$n`` (one number a name), and the names in order."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _NAME.sub(number, sql), names


_PREPARED = {
    name: _positional(sql)
    for name, sql in (
        ("lean_read", _READ),
        ("lean_entry", _WRITE[0]),
        ("lean_outbox", _WRITE[1]),
        ("lean_move", _WRITE[2]),
    )
}
_READY: "weakref.WeakSet[Any]" = weakref.WeakSet()


def _execute(name: str) -> str:
    """``EXECUTE name(%(a)s, ...)``, its values bound by the client."""
    return f"EXECUTE {name}(" + ", ".join(f"%({n})s" for n in _PREPARED[name][1]) + ")"


_READ_MESSAGE = "BEGIN; " + _execute("lean_read")
_WRITE_MESSAGE = "; ".join(_execute(name) for name in ("lean_entry", "lean_outbox", "lean_move"))
_WRITE_MESSAGE += "; COMMIT"


def _prepare(db: Any) -> None:
    if db in _READY:
        return
    with db.cursor() as cursor:
        for name, (sql, _) in _PREPARED.items():
            cursor.execute(f"PREPARE {name} AS {sql}")
    _READY.add(db)


def lean(request: HttpRequest, reference: str) -> JsonResponse:
    token = request.headers.get("Authorization", "").removeprefix("Token ")
    category = request.GET.get("category") or None
    purpose_code = request.GET.get("purpose", "")
    now = datetime.now(UTC)
    connection.ensure_connection()
    db = connection.connection
    _prepare(db)
    values = {
        "prefix": token_prefix(token),
        "at": now,
        "started_at": now,
        "reference": reference,
        "code": purpose_code,
        "category": category,
    }
    try:
        with ClientCursor(db) as cursor:
            cursor.execute(_READ_MESSAGE, values)
            cursor.nextset()
            tok, ref, purpose, grants, rows, head = cursor.fetchone()  # type: ignore[misc]
            grant = _grant(token, tok, ref, grants, head, category, now)
            if grant is None:
                cursor.execute("ROLLBACK")
                return _refused()
            shown = _records(rows or [])
            entry = _entry(request, tok, ref, purpose, grant, head, shown)
            entry["entry_hash"] = _hash(entry)
            params = {
                **entry,
                **{name: json.dumps(entry[name]) for name in _JSON_COLUMNS},
                "resident_id": ref["resident_id"],
                "payload": json.dumps(_payload(entry, tok, ref, purpose, now)),
                "head_id": head[0],
            }
            cursor.execute(_WRITE_MESSAGE, params)
    except Exception:
        # A failed statement ended its message there, before COMMIT.
        db.execute("ROLLBACK")
        raise
    answer = {
        "reference": reference,
        "purpose": purpose_code,
        "categories": [category],
        "records": shown,
        "access_log_entry": entry["id"],
    }
    response = JsonResponse(answer)
    response["Cache-Control"] = "max-age=0, no-cache, no-store, must-revalidate, private"
    return response
