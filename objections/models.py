"""Objections to access-log entries, their steps, and misuse alerts for the privacy officer.

Objections and steps are append-only: a step is added, never changed or removed (on
PostgreSQL a trigger refuses it, migration 0002). Like the access log they hold snapshots
and the pseudonymous ``subject_id``, no foreign key to the resident: an objection outlives
the resident's erasure without naming her. They never hold vault data: only the log
entry's metadata (who, team, purpose, reason, time, outcome, grant).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from objections.constants import AlertRule, StepKind


class Objection(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_id = models.CharField(_("subject id"), max_length=80, db_index=True)
    entry_id = models.UUIDField(_("access log entry"), unique=True)
    filed_at = models.DateTimeField(_("gemeld op"))
    deadline = models.DateTimeField(_("uiterlijk antwoord op"))
    text = models.TextField(_("toelichting van de inwoner"), blank=True)

    # The entry's metadata, copied: the log entry is never joined at read time.
    occurred_at = models.DateTimeField(_("tijdstip"))
    operation = models.CharField(_("handeling"), max_length=100)
    outcome = models.CharField(_("uitkomst"), max_length=10)
    reason = models.CharField(_("redencode"), max_length=60, blank=True)
    stated_reason = models.TextField(_("opgegeven reden"), blank=True)
    caseworker_id = models.BigIntegerField(_("medewerker id"), null=True, blank=True)
    caseworker_name = models.CharField(_("medewerker"), max_length=300, blank=True)
    department_code = models.CharField(_("teamcode"), max_length=60, blank=True)
    department_name = models.CharField(_("team"), max_length=200, blank=True)
    purpose_code = models.CharField(_("doelcode"), max_length=100, blank=True)
    purpose_name = models.CharField(_("doel"), max_length=300, blank=True)
    grant_id = models.CharField(_("toestemming"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("melding 'Dit klopt niet'")
        verbose_name_plural = _("meldingen 'Dit klopt niet'")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.id} ({self.filed_at:%Y-%m-%d})"


class ObjectionStep(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("soort"), max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(_("tijdstip"))
    # Snapshots, as in the access log: the step outlives the account.
    actor_id = models.BigIntegerField(_("door (id)"), null=True, blank=True)
    actor_name = models.CharField(_("door"), max_length=300, blank=True)
    # The team asked (ASKED) or answering (ANSWERED).
    department_code = models.CharField(_("teamcode"), max_length=60, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    breach_reported = models.BooleanField(_("datalek gemeld"), default=False)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["at", "id"]
        constraints = [
            # One warning per objection, so the deadline task can run again safely.
            models.UniqueConstraint(
                fields=["objection"],
                condition=models.Q(kind=StepKind.DEADLINE_WARNED),
                name="one_deadline_warning_per_objection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objection_id} {self.kind}"


class Alert(models.Model):
    """A pattern in the log that may be misuse: a signal for the privacy officer, never a
    block. One per rule, caseworker and window, so the evaluation can run again safely."""

    rule = models.CharField(_("regel"), max_length=40, choices=AlertRule.choices)
    raised_at = models.DateTimeField(_("gemeld op"))
    caseworker_id = models.BigIntegerField(_("medewerker id"), null=True, blank=True)
    caseworker_name = models.CharField(_("medewerker"), max_length=300, blank=True)
    window_start = models.DateTimeField(_("vanaf"))
    window_end = models.DateTimeField(_("tot"))
    entry_ids = models.JSONField(_("logregels"), default=list)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "caseworker_id", "window_start"], name="one_alert_per_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.caseworker_name} {self.window_start:%Y-%m-%d %H:%M}"
