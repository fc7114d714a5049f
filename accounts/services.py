import hashlib
import secrets
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

from accounts.clients import browser_family, coarse_network
from accounts.constants import Role
from accounts.exceptions import ResidentProtected
from accounts.models import (
    ApiToken,
    Department,
    KnownBrowser,
    LoginEvent,
    Membership,
    Organisation,
    User,
    resident_own_profile_change,
)
from accounts.signals import browser_first_seen
from accounts.tokens import token_new
from datameent.api import DomainError


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_profile_set(
    *, user: User, role: str, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    """Role and name as an identity provider states them at login (identity app)."""
    changed = {"role": role, "first_name": first_name, "last_name": last_name, "email": email}
    if all(getattr(user, name) == value for name, value in changed.items()):
        return user
    for name, value in changed.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changed))
    return user


@transaction.atomic
def resident_profile_update(
    *,
    resident: User,
    email: str | None = None,
    language: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> User:
    """The resident's own change of her e-mail address, language or name; nobody else may
    make it (``User.resident_controls_check``). None leaves a field as is."""
    changes = {"email": email, "language": language, "first_name": first_name}
    changes["last_name"] = last_name
    changes = {name: value for name, value in changes.items() if value is not None}
    for name, value in changes.items():
        setattr(resident, name, value)
    resident.full_clean(exclude=["password"])
    with resident_own_profile_change():
        resident.save(update_fields=list(changes))
    return resident


@transaction.atomic
def organisation_get_or_create(*, name: str, oin: str = "") -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"oin": oin})
    return organisation


@transaction.atomic
def department_get_or_create(*, organisation: Organisation, code: str, name: str) -> Department:
    department, _ = Department.objects.get_or_create(
        code=code, defaults={"organisation": organisation, "name": name}
    )
    return department


@transaction.atomic
def membership_start(
    *, user: User, department: Department, at: datetime | None = None
) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user,
        department=department,
        ended_at=None,
        defaults={"started_at": at or timezone.now()},
    )
    return membership


@transaction.atomic
def membership_end(*, user: User, department: Department, at: datetime | None = None) -> None:
    Membership.objects.filter(user=user, department=department, ended_at=None).update(
        ended_at=at or timezone.now()
    )


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for a caseworker. The plaintext token is returned once, never stored."""
    if user.role != Role.CASEWORKER:
        raise DomainError("Only caseworkers can have API tokens.", code="not_a_caseworker")
    token, prefix, digest = token_new()
    api_token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=digest, expires_at=expires_at
    )
    return api_token, token


@transaction.atomic
def api_token_revoke(*, token_id: int) -> None:
    ApiToken.objects.filter(id=token_id, revoked_at=None).update(revoked_at=timezone.now())


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    """How staff accounts end: deleting the row would orphan the requests they made and drop
    their membership history. Tokens are revoked too, so a reactivated account starts clean.

    Never a resident: that would keep them from logging in to withdraw their consent."""
    if user.is_resident:
        raise ResidentProtected()
    User.objects.filter(pk=user.pk).update(is_active=False)
    ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())


@transaction.atomic
def login_history_erase(*, resident: User) -> None:
    """Erasure step: the resident's own login history and known browsers, and django-axes'
    rows, which are keyed by username with no foreign key, so the user row going away would
    leave them behind. Safe to run twice."""
    LoginEvent.objects.filter(resident=resident).delete()
    KnownBrowser.objects.filter(resident=resident).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=resident.username).delete()


def browser_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def login_record(
    *, resident: User, address: str | None, user_agent: str | None, browser_token: str | None
) -> str:
    """Record a resident's login and return the browser's token for its long-lived cookie.

    A browser without a token, or one this resident never logged in from, is new: the
    resident gets a message, once per browser (the known browser's id is its source).
    """
    token = browser_token if browser_token and len(browser_token) <= 100 else None
    token = token or secrets.token_urlsafe(32)
    known, new = KnownBrowser.objects.get_or_create(
        resident=resident, digest=browser_token_digest(token)
    )
    browser, system = browser_family(user_agent)
    event = LoginEvent.objects.create(
        resident=resident,
        network=coarse_network(address),
        browser=browser,
        system=system,
        new_browser=new,
    )
    if new:
        browser_first_seen.send(sender=LoginEvent, event=event, known=known)
    return token


def account_delete(*, user_id: int) -> None:
    """Remove an account for good: the last step of erasing a resident (vault.services)."""
    User.objects.filter(id=user_id).delete()
