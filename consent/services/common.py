"""Rules shared by the consent services: categories, periods, subjects and events."""

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.constants import Role
from consent.constants import MAX_START_AHEAD_DAYS
from consent.exceptions import InvalidCategories, InvalidPeriod, NotAResident, PurposeNotFound
from consent.models import ConsentEvent, ConsentSubject, Purpose, PurposeVersion
from vault.constants import Category
from vault.selectors import VaultNotFound, vault_for_resident

if TYPE_CHECKING:
    from accounts.models import User


def latest_valid_until(*, valid_from: datetime, days: int) -> datetime:
    """``days`` calendar days after ``valid_from`` on the Dutch clock (Europe/Amsterdam).

    A one-day grant given at 12:00 ends at 12:00 the next day, also across a change to or
    from summer time, so it can last 23 or 25 hours.
    """
    local = valid_from.astimezone(ZoneInfo(settings.TIME_ZONE))
    return (local + timedelta(days=days)).astimezone(UTC)


def checked_categories(*, chosen: list[str], allowed: list[str], code: str) -> list[str]:
    chosen_set = set(chosen)
    if not chosen_set:
        raise InvalidCategories(
            _("Kies ten minste één soort gegevens."), code="categories_required"
        )
    outside = sorted(chosen_set - set(allowed))
    if outside:
        raise InvalidCategories(
            _("Dit kan niet bij dit doel: %(names)s.") % {"names": ", ".join(outside)}, code=code
        )
    # Catalogue order, so equal choices are stored equally.
    return [value for value in Category.values if value in chosen_set]


def checked_period(
    *, days: int, now: datetime, valid_from: datetime | None, valid_until: datetime | None
) -> tuple[datetime, datetime]:
    """The period ``[start, end)`` of a new grant, at most ``days`` calendar days long."""
    # A start a moment in the past (clock skew, a slow form) counts as now.
    if valid_from is not None and valid_from < now - timedelta(minutes=1):
        raise InvalidPeriod(
            _("De toestemming kan niet eerder beginnen dan nu."), code="valid_from_in_past"
        )
    start = max(valid_from or now, now)
    if start > now + timedelta(days=MAX_START_AHEAD_DAYS):
        raise InvalidPeriod(
            _("De toestemming begint te ver in de toekomst."), code="valid_from_too_far"
        )
    limit = latest_valid_until(valid_from=start, days=days)
    end = limit if valid_until is None else valid_until
    if end <= start:
        raise InvalidPeriod(
            _("De einddatum moet na de begindatum liggen."), code="valid_until_too_early"
        )
    if end > limit:
        raise InvalidPeriod(
            _("Dit doel staat hoogstens %(days)s dagen toe.") % {"days": days},
            code="period_too_long",
        )
    return start, end


def locked_subject(resident: "User") -> ConsentSubject:
    subject, _ = ConsentSubject.objects.get_or_create(resident=resident)
    # Locked, so an erasure running at the same time goes first or waits for us.
    return ConsentSubject.objects.select_for_update().get(pk=subject.pk)


def require_resident(resident: "User") -> None:
    if not resident.is_authenticated or resident.role != Role.RESIDENT:
        raise NotAResident()


def bsn_hash_of(resident: "User") -> str | None:
    try:
        return vault_for_resident(resident=resident).bsn_hash
    except VaultNotFound:
        return None


def current_version(purpose_code: str) -> PurposeVersion:
    purpose = (
        Purpose.objects.select_related("current_version__department")
        .filter(code=purpose_code)
        .first()
    )
    if purpose is None or purpose.current_version is None:
        raise PurposeNotFound()
    return purpose.current_version


def event_add(
    *, kind: str, version: PurposeVersion, categories: list[str], at: datetime, **links: Any
) -> ConsentEvent:
    return ConsentEvent.objects.create(
        kind=kind, purpose_version=version, categories=categories, occurred_at=at, **links
    )
