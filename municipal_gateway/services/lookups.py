"""Looking a resident up by BSN: a reference only when a grant for the purpose runs.

Every lookup is logged: in the resident's chain when the BSN has a vault, otherwise in the
caseworker's unknown-resident chain (without the BSN). See docs/gateway.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from consent.selectors import decide_lookup
from municipal_gateway.constants import Operation, Outcome, Reason
from municipal_gateway.exceptions import ResidentNotFound
from municipal_gateway.services import references
from municipal_gateway.services.attempts import Caller, acting_department, log_attempt, purpose_for
from vault.selectors import vault_for_bsn

if TYPE_CHECKING:
    from accounts.models import User


def _lookup_known(caller: Caller, resident: User, purpose_code: str) -> str | None:
    purpose = purpose_for(caller, purpose_code)
    decision = decide_lookup(
        caseworker=caller.caseworker, resident=resident, purpose_code=purpose_code, lock=True
    )
    found = decision.allowed
    department = acting_department(caller, decision.department_id)
    log_attempt(
        caller,
        resident=resident,
        department=department,
        purpose=purpose,
        # A lookup shows no data; only a refused one is worth a message to the resident.
        notify=not found,
        operation=Operation.RESIDENT_LOOKUP,
        purpose_code=purpose_code,
        purpose_version=decision.purpose_version,
        outcome=Outcome.ALLOWED if found else Outcome.REFUSED,
        reason=decision.reason,
        grant_id=decision.grant_id,
    )
    if not found or department is None:
        return None
    return references.reference_get_or_create(resident=resident, department=department)


def _lookup_unknown(caller: Caller, purpose_code: str) -> None:
    log_attempt(
        caller,
        resident=None,
        department=None,
        purpose=None,
        operation=Operation.RESIDENT_LOOKUP,
        purpose_code=purpose_code,
        purpose_version=None,
        outcome=Outcome.REFUSED,
        reason=Reason.UNKNOWN_RESIDENT,
    )


def resident_lookup(*, caller: Caller, bsn: str, purpose_code: str) -> str:
    """The caller's reference for the resident with ``bsn``, if a grant for the purpose runs.

    Otherwise ``ResidentNotFound``, exactly as for a BSN nobody has. Every lookup is
    logged: in the resident's chain when the BSN has a vault, else as an unknown resident.
    """
    with transaction.atomic():
        vault = vault_for_bsn(bsn=bsn)
        resident = (
            get_user_model()._default_manager.filter(id=vault.resident_id).first()
            if vault
            else None
        )
        if resident is None:
            _lookup_unknown(caller, purpose_code)
            reference = None
        else:
            reference = _lookup_known(caller, resident, purpose_code)
    if reference is None:
        raise ResidentNotFound()
    return reference
