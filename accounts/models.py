from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.clients import browser_label
from accounts.constants import Role
from accounts.exceptions import ResidentProtected

# What staff must never change on a resident's row: together they are the resident's login.
RESIDENT_CONTROLS = (
    *("username", "password", "is_active", "is_staff", "is_superuser", "role"),
    # Where her messages go, in which language, and her name: an admin who changed the
    # address would silence her.
    *("email", "language", "first_name", "last_name"),
)
# What the resident herself may change, and only through her own act.
RESIDENT_OWN_PROFILE = ("email", "language", "first_name", "last_name")
_own_password_change = ContextVar("own_password_change", default=False)
_own_profile_change = ContextVar("own_profile_change", default=False)


@contextmanager
def resident_own_password_change() -> Iterator[None]:
    """The only way a resident's stored password may change: the resident's own act (today
    only Django re-hashing it at login when the hasher changes)."""
    token = _own_password_change.set(True)
    try:
        yield
    finally:
        _own_password_change.reset(token)


@contextmanager
def resident_own_profile_change() -> Iterator[None]:
    """The only way a resident's e-mail address and name may change: her own act
    (``accounts.services.resident_profile_update``)."""
    token = _own_profile_change.set(True)
    try:
        yield
    finally:
        _own_profile_change.reset(token)


class DatameentUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> "User":
        # The role defaults to resident; a superuser is an administrator, never a resident.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


def _refused_changes(user: "User", stored: dict[str, Any]) -> list[str]:
    """Which of a resident's controls this save would change without the resident."""
    if Role.RESIDENT not in (stored["role"], user.role):
        return []
    if stored["role"] != user.role:
        return ["role"]
    changed = [field for field in RESIDENT_CONTROLS if getattr(user, field) != stored[field]]
    allowed = {"password"} if _own_password_change.get() else set()
    if _own_profile_change.get():
        allowed.update(RESIDENT_OWN_PROFILE)
    if user.is_active:  # reactivating is giving back, not taking away
        allowed.add("is_active")
    return [field for field in changed if field not in allowed]


class User(AbstractUser):
    """One login. The role decides everything the user can reach."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    # The resident's own choice; empty until she makes one (her e-mail is then in both).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    objects: ClassVar[DatameentUserManager] = DatameentUserManager()  # type: ignore[assignment]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.resident_controls_check(update_fields=kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def resident_controls_check(self, *, update_fields: Iterable[str] | None = None) -> None:
        """The last line of defence behind the admin and the services: whatever code saves
        a resident's row, it cannot set the password, deactivate, rename or change roles."""
        if update_fields is not None and not set(update_fields) & set(RESIDENT_CONTROLS):
            return
        stored = None
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*RESIDENT_CONTROLS).first()
        if stored is None:
            if self.is_resident and (self.is_staff or self.is_superuser):
                raise ResidentProtected()
            return
        if _refused_changes(self, stored):
            raise ResidentProtected()

    def check_password(self, raw_password: str) -> bool:
        # Django re-hashes a stored password on a successful check when the hasher changed.
        with resident_own_password_change():
            return super().check_password(raw_password)

    @property
    def is_resident(self) -> bool:
        return self.role == Role.RESIDENT

    @property
    def is_caseworker(self) -> bool:
        return self.role == Role.CASEWORKER

    @property
    def is_council_member(self) -> bool:
        return self.role == Role.COUNCIL

    @property
    def is_privacy_officer(self) -> bool:
        return self.role == Role.PRIVACY_OFFICER

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    # Organisatie-identificatienummer, as used in Common Ground.
    oin = models.CharField(_("OIN"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="departments"
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Membership(models.Model):
    """A caseworker's place in a department. Leaving ends it; the row stays for the record."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="members")
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(ended_at__isnull=True),
                name="one_open_membership_per_department",
            ),
        ]
        indexes = [models.Index(fields=["user", "department", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.department}"


class ApiToken(models.Model):
    """A caseworker's API token for case systems. Only a SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginEvent(models.Model):
    """A login to a resident's account, shown to the resident. Coarse on purpose: the
    network (/24 or /48) and the browser's family, never the address or User-Agent."""

    resident = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_events")
    logged_in_at = models.DateTimeField(_("ingelogd op"), default=timezone.now)
    network = models.CharField(_("netwerk"), max_length=50, blank=True)
    browser = models.CharField(_("browser"), max_length=40, blank=True)
    system = models.CharField(_("systeem"), max_length=40, blank=True)
    new_browser = models.BooleanField(_("nieuwe browser"), default=False)

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")
        ordering = ["-logged_in_at", "-id"]
        indexes = [models.Index(fields=["resident", "-logged_in_at"])]

    def __str__(self) -> str:
        return f"{self.resident} {self.logged_in_at:%Y-%m-%d %H:%M}"

    @property
    def browser_label(self) -> str:
        return browser_label(self.browser, self.system)


class KnownBrowser(models.Model):
    """A browser a resident logged in from: the SHA-256 of its random cookie, nothing else."""

    resident = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_browsers")
    digest = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "digest"], name="one_known_browser"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.digest[:8]}…"
