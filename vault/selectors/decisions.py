"""Another person's records: read only for a decision that consent issued and sealed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.apps import apps
from django.db.models import F, QuerySet

from datameent.rows import instance
from vault import consent_seal
from vault.constants import VaultState
from vault.exceptions import ConsentRequired
from vault.models import Record, Vault
from vault.selectors.sealed import RecordData, record_data, vault_dek

if TYPE_CHECKING:
    from consent.selectors import ConsentDecision


def records_for_decision(*, decision: ConsentDecision) -> list[RecordData]:
    """Another person's records: only those of the decision's resident and category.

    The single route to data that is not the reader's own. Anything but an allowed, live
    ``consent.selectors.ConsentDecision`` is refused before the database is touched: a
    decision about another moment (``at=``) or an old one cannot open today's data.
    """
    return records_for_decisions(decisions=[decision])


def records_for_decisions(
    *, decisions: list[ConsentDecision], rows: list[dict[str, Any]] | None = None
) -> list[RecordData]:
    """``records_for_decision`` for several categories of one resident, in one query.

    Every decision must be allowed and live, and all must be about the same resident:
    otherwise nothing is read at all. ``rows``: the sealed rows a caller read already in a
    statement of its own (``RECORDS_SQL``, the gateway's single read); only those of the
    decisions' resident and categories are opened.
    """
    for decision in decisions:
        if not consent_seal.is_sealed(decision):
            raise ConsentRequired("An allowed consent decision is required to read this vault")
    residents = {decision.resident_id for decision in decisions}
    if len(residents) != 1:
        raise ConsentRequired("Decisions for exactly one resident are required")
    resident_id = residents.pop()
    categories = sorted({decision.category for decision in decisions})
    if rows is None:
        rows = list(_records_query(resident_id=resident_id, categories=categories))
        for row in rows:
            _owner_remember(_uuid(row["vault_id"]), row["resident_id"])
    else:
        # A handed-in row's resident_id is the caller's word; whose vault it is, is ours.
        rows = [row for row in rows if _vault_owner(_uuid(row["vault_id"])) == resident_id]
    rows = [row for row in rows if row["category"] in categories]
    rows.sort(key=lambda row: row["id"])
    rows.sort(key=lambda row: _moment(row["updated_at"]), reverse=True)
    if not rows:
        return []
    first = rows[0]
    vault: Vault = instance(
        Vault,
        id=_uuid(first["vault_id"]),
        kek_id=first["vault_kek_id"],
        wrapped_dek=_bytes(first["vault_wrapped_dek"]),
    )
    dek = vault_dek(vault)
    return [record_data(vault=vault, dek=dek, item=_record(row)) for row in rows]


# Whose each vault is, as the vault itself read it. A vault belongs to one resident for its
# whole life (one to one, never moved), so what was read once holds for the process. Rows a
# caller hands in open only in the decisions' resident's own vault, whatever they say of
# themselves. The category needs no such check: it is bound into each record's ciphertext.
_OWNERS: dict[UUID, int] = {}
_OWNERS_MAX = 100_000


def _owner_remember(vault_id: UUID, resident_id: int) -> None:
    if len(_OWNERS) >= _OWNERS_MAX:
        _OWNERS.clear()  # a bound on memory; the next read of each asks again
    _OWNERS[vault_id] = resident_id


def _vault_owner(vault_id: UUID) -> int | None:
    owner = _OWNERS.get(vault_id)
    if owner is None:
        owner = Vault.objects.filter(id=vault_id).values_list("resident_id", flat=True).first()
        if owner is not None:
            _owner_remember(vault_id, owner)
    return owner


# The rows of ``_records_query`` (all categories when %(category)s is NULL), as SQL for a
# caller's own statement on PostgreSQL, for the resident ``{resident}`` names; aggregated to
# JSON there (``_record`` reads either). Only ``records_for_decisions`` opens them.
RECORDS_SQL = """
SELECT r.id, r.vault_id, r.category, r.version, r.ciphertext, r.provenance,
       r.source_organisation_id, r.erase_after, r.created_at, r.updated_at,
       v.resident_id, v.kek_id AS vault_kek_id, v.wrapped_dek AS vault_wrapped_dek,
       o.name AS organisation_name
FROM vault_record r
JOIN vault_vault v ON v.id = r.vault_id
LEFT JOIN accounts_organisation o ON o.id = r.source_organisation_id
WHERE v.resident_id = {resident} AND v.state = 'active'
  AND (%(category)s::text IS NULL OR r.category = %(category)s)
"""


def _records_query(*, resident_id: int, categories: list[str]) -> QuerySet:
    """The records of one resident's active vault in these categories, with what opening
    them needs. Documents stay in the database: a gateway read returns their metadata only."""
    return (
        Record.objects.filter(
            vault__resident_id=resident_id,
            vault__state=VaultState.ACTIVE,
            category__in=categories,
        )
        .annotate(
            resident_id=F("vault__resident_id"),
            vault_kek_id=F("vault__kek_id"),
            vault_wrapped_dek=F("vault__wrapped_dek"),
            organisation_name=F("source_organisation__name"),
        )
        .values(
            *_RECORD_FIELDS,
            "resident_id",
            "vault_kek_id",
            "vault_wrapped_dek",
            "organisation_name",
        )
        .order_by("-updated_at", "id")
    )


_RECORD_FIELDS = (
    "id",
    "vault_id",
    "category",
    "version",
    "ciphertext",
    "provenance",
    "source_organisation_id",
    "erase_after",
    "created_at",
    "updated_at",
)


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _bytes(value: Any) -> bytes:
    if isinstance(value, str):  # bytea in JSON: "\\x0a1b..."
        return bytes.fromhex(value[2:])
    return bytes(value)


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _record(row: dict[str, Any]) -> Record:
    values = {
        "id": _uuid(row["id"]),
        "vault_id": _uuid(row["vault_id"]),
        "category": row["category"],
        "version": row["version"],
        "ciphertext": _bytes(row["ciphertext"]),
        "provenance": row["provenance"],
        "source_organisation_id": row["source_organisation_id"],
        "erase_after": _day(row["erase_after"]),
        "created_at": _moment(row["created_at"]),
        "updated_at": _moment(row["updated_at"]),
    }
    record: Record = instance(Record, **values)
    if row["source_organisation_id"] is not None:
        # By name, from Django's apps registry: accounts' interface is its services and selectors.
        organisation = apps.get_model("accounts", "Organisation")
        record.source_organisation = instance(
            organisation, id=row["source_organisation_id"], name=row["organisation_name"]
        )
    return record
