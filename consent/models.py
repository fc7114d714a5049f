"""The purpose register, grants, access requests and the consent history.

Rows that concern a resident point to the user with SET_NULL: erasure removes the user and
leaves the history behind under a pseudonym (``ConsentSubject``), never deleting it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consent.constants import (
    LEGAL_BASIS,
    DpvPurpose,
    EventKind,
    LegalDomain,
    RequestStatus,
)


class Purpose(models.Model):
    """A processing activity with a stable code. What it means lives in its versions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    # Maintained by purpose_version_create; lets the decision read the current version cheaply.
    current_version = models.ForeignKey(
        "PurposeVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class PurposeVersion(models.Model):
    """One immutable version of a purpose. Grants point here, so they never change silently."""

    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("versie"))
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)
    description_nl = models.TextField(_("uitleg (Nederlands, B1)"))
    description_en = models.TextField(_("uitleg (Engels)"))
    legal_domain = models.CharField(_("wet"), max_length=20, choices=LegalDomain.choices)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afdeling"),
    )
    # A list of vault.constants.Category values: the widest scope a grant may have.
    categories = models.JSONField(_("soorten gegevens"), default=list)
    max_consent_days = models.PositiveIntegerField(_("toestemming hoogstens (dagen)"))
    retention_days = models.PositiveIntegerField(_("gegevens bewaren (dagen)"))
    dpv_purpose = models.CharField(_("DPV-doel"), max_length=60, choices=DpvPurpose.choices)
    legal_basis = models.CharField(
        _("grondslag"), max_length=40, default=LEGAL_BASIS, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versie van een doel")
        verbose_name_plural = _("versies van doelen")
        ordering = ["purpose__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="unique_purpose_version"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose.code} v{self.version}"

    @property
    def name(self) -> str:
        """The name in the language of the page: English when chosen, else Dutch."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_nl


class ConsentSubject(models.Model):
    """The resident behind consent rows, under a random pseudonym.

    Erasure cuts the link to the user and draws a new pseudonym, so the rows still count
    as one person but no longer lead to anyone.
    """

    pseudonym = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_subject",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    def __str__(self) -> str:
        return str(self.pseudonym)


class Grant(models.Model):
    """A resident's consent: one purpose version, some of its categories, one period.

    The period is ``valid_from <= moment < valid_until``: from the first instant inclusive
    to the last instant exclusive. Revocation is final.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_grants",
    )
    subject = models.ForeignKey(ConsentSubject, on_delete=models.PROTECT, related_name="grants")
    # Copied from purpose_version so the decision needs a single indexed lookup.
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="grants")
    purpose_version = models.ForeignKey(
        PurposeVersion, on_delete=models.PROTECT, related_name="grants"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(default=list)
    valid_from = models.DateTimeField(_("geldig vanaf"))
    valid_until = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    amended_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    # Who gave it and in which capacity (a representation.RelationKind; empty: herself).
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(max_length=20, blank=True)
    # Whose agreement it still waits for (representation.Party); it runs only when empty.
    awaiting = models.CharField(max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["resident", "purpose", "department"], name="grant_decision_idx"),
            models.Index(fields=["department", "valid_until"], name="grant_department_idx"),
            models.Index(fields=["valid_until"], name="grant_valid_until_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")), name="grant_period_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"grant {self.id}"


class AccessRequest(models.Model):
    """A caseworker's request, addressed by the keyed hash of a BSN.

    Stored the same way whether or not the BSN has a vault: the resident is only linked
    once they answer, so the row does not tell who has a vault.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consent_access_requests",
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    purpose_version = models.ForeignKey(
        PurposeVersion, on_delete=models.PROTECT, related_name="access_requests"
    )
    categories = models.JSONField(default=list)
    reason = models.TextField(_("reden"))
    case_reference = models.CharField(_("zaaknummer"), max_length=100, blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        ConsentSubject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grant = models.OneToOneField(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="access_request"
    )
    response_message = models.TextField(_("bericht van de inwoner"), blank=True)

    class Meta:
        verbose_name = _("verzoek om toegang")
        verbose_name_plural = _("verzoeken om toegang")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["bsn_hash", "status"], name="request_bsn_idx"),
            models.Index(fields=["caseworker", "created_at"], name="request_caseworker_idx"),
            models.Index(fields=["status", "expires_at"], name="request_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"access request {self.id}"


class ConsentEvent(models.Model):
    """One line of a resident's consent history. Append-only."""

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        ConsentSubject, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    purpose_version = models.ForeignKey(PurposeVersion, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(default=list)
    occurred_at = models.DateTimeField()
    # Set when someone acted for the resident: shown as "actor namens resident".
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["resident", "occurred_at"], name="event_resident_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(kind=EventKind.EXPIRED),
                name="one_expiry_event_per_grant",
            ),
            models.UniqueConstraint(
                fields=["access_request"],
                condition=Q(kind=EventKind.REQUEST_EXPIRED),
                name="one_expiry_event_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"
