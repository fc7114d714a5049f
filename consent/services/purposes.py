"""The purpose register: versions are created, never changed."""

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import department_get_or_create, organisation_get_or_create
from consent import seed_data
from consent.constants import ORGANISATION_NAME, DpvPurpose, LegalDomain
from consent.exceptions import InvalidPurpose
from consent.models import Purpose, PurposeVersion
from consent.services.common import checked_categories
from vault.constants import Category

if TYPE_CHECKING:
    from accounts.models import Department

_CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CONSENT_DAYS = 3650
MAX_RETENTION_DAYS = 36500
_TEXTS = ["name_nl", "name_en", "description_nl", "description_en"]


def _validate(fields: dict[str, Any]) -> None:
    for name in _TEXTS:
        if not str(fields[name] or "").strip():
            raise InvalidPurpose(
                _("%(field)s is verplicht.") % {"field": name}, code="field_required"
            )
    if fields["legal_domain"] not in LegalDomain.values:
        raise InvalidPurpose(_("Onbekende wet."), code="unknown_legal_domain")
    if fields["dpv_purpose"] not in DpvPurpose.values:
        raise InvalidPurpose(_("Onbekend DPV-doel."), code="unknown_dpv_purpose")
    if not 1 <= fields["max_consent_days"] <= MAX_CONSENT_DAYS:
        raise InvalidPurpose(
            _("Toestemming kan 1 tot en met %(days)s dagen duren.") % {"days": MAX_CONSENT_DAYS},
            code="invalid_max_consent_days",
        )
    if not 0 <= fields["retention_days"] <= MAX_RETENTION_DAYS:
        raise InvalidPurpose(_("Deze bewaartermijn kan niet."), code="invalid_retention_days")


def purpose_version_check(
    *,
    purpose_code: str,
    name_nl: str,
    name_en: str,
    description_nl: str,
    description_en: str,
    legal_domain: str,
    categories: list[str],
    max_consent_days: int,
    retention_days: int,
    dpv_purpose: str,
) -> dict[str, Any]:
    """The checked fields of a new version; raises InvalidPurpose/InvalidCategories."""
    if len(purpose_code or "") > 60 or not _CODE_RE.match(purpose_code or ""):
        raise InvalidPurpose(
            _("De code mag alleen kleine letters, cijfers en streepjes hebben."),
            code="invalid_code",
        )
    fields = {
        "name_nl": (name_nl or "").strip(),
        "name_en": (name_en or "").strip(),
        "description_nl": (description_nl or "").strip(),
        "description_en": (description_en or "").strip(),
        "legal_domain": legal_domain,
        "max_consent_days": max_consent_days,
        "retention_days": retention_days,
        "dpv_purpose": dpv_purpose,
    }
    _validate(fields)
    fields["categories"] = checked_categories(
        chosen=categories, allowed=Category.values, code="unknown_category"
    )
    return fields


@transaction.atomic
def purpose_version_create(
    *,
    purpose_code: str,
    name_nl: str,
    name_en: str,
    description_nl: str,
    description_en: str,
    legal_domain: str,
    department: "Department",
    categories: list[str],
    max_consent_days: int,
    retention_days: int,
    dpv_purpose: str,
) -> PurposeVersion:
    """A new version of a purpose; the first version creates the purpose.

    Existing versions are never changed, so grants given for them keep their meaning.
    """
    checked = purpose_version_check(
        purpose_code=purpose_code,
        name_nl=name_nl,
        name_en=name_en,
        description_nl=description_nl,
        description_en=description_en,
        legal_domain=legal_domain,
        categories=categories,
        max_consent_days=max_consent_days,
        retention_days=retention_days,
        dpv_purpose=dpv_purpose,
    )
    purpose, _ = Purpose.objects.get_or_create(code=purpose_code)
    # Locked, so two editors at once get versions n+1 and n+2, not a clash.
    purpose = Purpose.objects.select_for_update().get(pk=purpose.pk)
    last = purpose.versions.order_by("-version").values_list("version", flat=True).first()
    version = PurposeVersion.objects.create(
        purpose=purpose, version=(last or 0) + 1, department=department, **checked
    )
    Purpose.objects.filter(pk=purpose.pk).update(current_version=version)
    return version


@transaction.atomic
def purposes_seed() -> int:
    """The example register of Gemeente Meenthuizen; returns how many purposes it added.

    Idempotent: a purpose that already exists is left as it is (no new version).
    """
    organisation = organisation_get_or_create(name=ORGANISATION_NAME)
    created = 0
    for spec in seed_data.PURPOSES:
        if Purpose.objects.filter(code=spec["code"]).exists():
            continue
        code, name = spec["department"]
        department = department_get_or_create(organisation=organisation, code=code, name=name)
        purpose_version_create(
            purpose_code=spec["code"],
            name_nl=spec["name_nl"],
            name_en=spec["name_en"],
            description_nl=spec["description_nl"],
            description_en=spec["description_en"],
            legal_domain=spec["legal_domain"],
            department=department,
            categories=spec["categories"],
            max_consent_days=spec["max_consent_days"],
            retention_days=spec["retention_days"],
            dpv_purpose=spec["dpv_purpose"],
        )
        created += 1
    return created
