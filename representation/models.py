"""Who may act for whom: relations with their evidence and period, birth dates, and the
record of every act a representative did."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from representation.constants import EVIDENCE_MAX_LENGTH, Action, RelationKind, RelationState


class BirthDate(models.Model):
    """A resident's date of birth (from the BRP); the age rules need nothing else."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="birth_date"
    )
    born_on = models.DateField(_("geboortedatum"))

    class Meta:
        verbose_name = _("geboortedatum")
        verbose_name_plural = _("geboortedata")

    def __str__(self) -> str:
        return f"{self.resident_id} {self.born_on}"


class Relation(models.Model):
    """``representative`` may act for ``subject`` in the way ``kind`` says, from
    ``valid_from`` (inclusive) to ``valid_until`` (exclusive, open when empty), while
    ``state`` is active."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represented_by"
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="represents"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=RelationKind.choices)
    state = models.CharField(
        _("stand"), max_length=10, choices=RelationState.choices, default=RelationState.PENDING
    )
    # The court decision's reference (ECLI or case number), or the gezag register's extract.
    evidence = models.CharField(_("bewijs"), max_length=EVIDENCE_MAX_LENGTH, blank=True)
    valid_from = models.DateTimeField(_("geldig vanaf"))
    valid_until = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    # A machtiging only: what the resident chose (Scope and Category values).
    scopes = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    objection = models.TextField(_("bezwaar"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["representative", "subject"], name="relation_pair_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=F("representative")), name="relation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="relation_period_not_empty",
            ),
            # Four eyes: whoever confirms is not who registered.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("registered_by")),
                name="relation_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.representative_id} → {self.subject_id}"


class RepresentativeAct(models.Model):
    """One thing a representative did for the subject: shown in the subject's log."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acts_on_behalf"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    capacity = models.CharField(_("als"), max_length=20, choices=RelationKind.choices)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    category = models.CharField(_("soort gegevens"), max_length=20, blank=True)
    what = models.CharField(_("wat"), max_length=100, blank=True)
    # A record seen or changed (never its content); the version a change made.
    record_id = models.UUIDField(null=True, blank=True)
    record_version = models.PositiveIntegerField(null=True, blank=True)
    # An attempt the relation did not allow (a record in a category outside it): nothing
    # was seen or changed, but the subject sees that it was tried.
    refused = models.BooleanField(_("geweigerd"), default=False)
    occurred_at = models.DateTimeField()

    class Meta:
        verbose_name = _("handeling namens iemand")
        verbose_name_plural = _("handelingen namens iemand")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["subject", "occurred_at"], name="act_subject_idx")]

    def __str__(self) -> str:
        return f"{self.actor_id} namens {self.subject_id}: {self.action}"
