from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.constants import Role


class User(AbstractUser):
    """One login. The role decides everything the user can reach."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)

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
