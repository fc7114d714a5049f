"""Another person's records: read only for a decision that consent issued and sealed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import F, QuerySet

from datameent.prepared import PreparedQuery, instance
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


def records_for_decisions(*, decisions: list[ConsentDecision]) -> list[RecordData]:
    """``records_for_decision`` for several categories of one resident, in one query.

    Every decision must be allowed and live, and all must be about the same resident:
    otherwise nothing is read at all.
    """
    for decision in decisions:
        if not consent_seal.is_sealed(decision):
            raise ConsentRequired("An allowed consent decision is required to read this vault")
    residents = {decision.resident_id for decision in decisions}
    if len(residents) != 1:
        raise ConsentRequired("Decisions for exactly one resident are required")
    categories = sorted({decision.category for decision in decisions})
    rows = _RECORDS.run(resident_id=residents.pop(), categories=categories)
    if not rows:
        return []
    first = rows[0]
    vault: Vault = instance(
        Vault, id=first.vault_id, kek_id=first.vault_kek_id, wrapped_dek=first.vault_wrapped_dek
    )
    dek = vault_dek(vault)
    return [record_data(vault=vault, dek=dek, item=_record(row)) for row in rows]


def _records_query(*, resident_id: int, categories: list[str], **_: Any) -> QuerySet:
    """The records of one resident's active vault in these categories, with what opening
    them needs. Documents stay in the database: a gateway read returns their metadata only."""
    return (
        Record.objects.filter(
            vault__resident_id=resident_id,
            vault__state=VaultState.ACTIVE,
            category__in=categories,
        )
        .annotate(
            vault_kek_id=F("vault__kek_id"),
            vault_wrapped_dek=F("vault__wrapped_dek"),
            organisation_name=F("source_organisation__name"),
        )
        .values(*_RECORD_FIELDS, "vault_kek_id", "vault_wrapped_dek", "organisation_name")
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
# Every gateway read that is allowed comes here: compiled once (datameent/prepared.py).
_RECORDS = PreparedQuery("datameent_vault_records_for_decisions", _records_query)


def _record(row: Any) -> Record:
    record: Record = instance(Record, **{name: getattr(row, name) for name in _RECORD_FIELDS})
    if row.source_organisation_id is not None:
        # By name, from Django's apps registry: accounts' interface is its services and selectors.
        organisation = apps.get_model("accounts", "Organisation")
        record.source_organisation = instance(
            organisation, id=row.source_organisation_id, name=row.organisation_name
        )
    return record
