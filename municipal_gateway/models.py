"""The access log: one entry per caseworker attempt, chained per subject, checkpointed.

Entries hold plain snapshots (names, codes, ids) and no foreign keys: the log must outlive
users, departments and grants. They never hold vault plaintext: record ids, not titles.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipal_gateway.constants import LEGAL_BASIS_CONSENT, Outcome, WitnessRefusal


class LogSubject(models.Model):
    """The only link from a resident to their pseudonymous ``subject_id``.

    Erasure destroys the key and the link; the entries keep the subject id and stay counted.
    """

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log_subject",
    )
    subject_id = models.CharField(_("subject id"), max_length=80, unique=True)
    key = models.BinaryField(_("pseudonym key"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    forgotten_at = models.DateTimeField(_("forgotten at"), null=True, blank=True)

    class Meta:
        verbose_name = _("log subject")
        verbose_name_plural = _("log subjects")

    def __str__(self) -> str:
        return self.subject_id


class ChainHead(models.Model):
    """The newest entry of one subject's chain. Locked during append, so chains never fork."""

    subject_id = models.CharField(_("subject id"), max_length=80, unique=True)
    seq = models.PositiveBigIntegerField(_("sequence number"), default=0)
    head_hash = models.CharField(_("head hash"), max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")
        ordering = ["subject_id"]

    def __str__(self) -> str:
        return f"{self.subject_id} @ {self.seq}"


class AccessLogEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject_id = models.CharField(_("subject id"), max_length=80)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64)

    occurred_at = models.DateTimeField(_("occurred at"))
    started_at = models.DateTimeField(_("started at"))
    operation = models.CharField(_("operation"), max_length=100)

    caseworker_id = models.BigIntegerField(_("caseworker id"), null=True, blank=True)
    caseworker_name = models.CharField(_("caseworker name"), max_length=300, blank=True)
    department_code = models.CharField(_("department code"), max_length=60, blank=True)
    department_name = models.CharField(_("department name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    organisation_oin = models.CharField(_("organisation OIN"), max_length=20, blank=True)

    purpose_code = models.CharField(_("purpose code"), max_length=100, blank=True)
    purpose_version = models.PositiveIntegerField(_("purpose version"), null=True, blank=True)
    purpose_name = models.CharField(_("purpose name"), max_length=300, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=40, default=LEGAL_BASIS_CONSENT)
    grant_id = models.CharField(_("grant id"), max_length=64, blank=True)

    categories_requested = models.JSONField(_("categories requested"), default=list)
    categories_returned = models.JSONField(_("categories returned"), default=list)
    record_ids = models.JSONField(_("record ids returned"), default=list)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason code"), max_length=60, blank=True)
    stated_reason = models.TextField(_("stated reason or case reference"), blank=True)

    trace_id = models.CharField(_("trace id"), max_length=32)
    span_id = models.CharField(_("span id"), max_length=16)
    parent_span_id = models.CharField(_("parent span id"), max_length=16, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # How the caseworker logged in: "local" (password), "staff" (the municipality's identity
    # provider) or "api_token", and the assurance level the provider stated.
    login_method = models.CharField(_("login method"), max_length=40, blank=True)
    login_assurance = models.CharField(_("login assurance"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["subject_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["subject_id", "seq"], name="unique_chain_position"),
        ]
        indexes = [models.Index(fields=["occurred_at"])]

    def __str__(self) -> str:
        return f"{self.subject_id} #{self.seq}"


class LogLeaf(models.Model):
    """One leaf of the append-only transparency log: a chain head as a checkpoint saw it.

    Each checkpoint appends the heads that moved since the one before, so every tree is a
    prefix of the next (RFC 9162 consistency) and each head commits to its whole chain.
    """

    index = models.PositiveBigIntegerField(_("leaf index"), unique=True)
    subject_id = models.CharField(_("subject id"), max_length=80)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    head_hash = models.CharField(_("head hash"), max_length=64)

    class Meta:
        verbose_name = _("log leaf")
        verbose_name_plural = _("log leaves")
        ordering = ["index"]
        indexes = [models.Index(fields=["subject_id", "index"])]

    def __str__(self) -> str:
        return f"leaf {self.index}: {self.subject_id} @ {self.seq}"


class Checkpoint(models.Model):
    """A signed Merkle root. Version 2: a C2SP checkpoint over the first ``tree_size`` leaves
    of the transparency log (docs/transparency.md). Version 1, from before issue 14: a root
    over the chain heads listed in ``heads``; kept as history, no longer checked or served."""

    created_at = models.DateTimeField(_("signed at"))
    tree_size = models.PositiveBigIntegerField(_("tree size"))
    root_hash = models.CharField(_("root hash"), max_length=64)
    signature = models.CharField(_("signature"), max_length=128)
    public_key = models.CharField(_("public key"), max_length=64)
    # [[subject_id, seq, head_hash], ...] sorted by subject_id: the leaves of the tree.
    heads = models.JSONField(_("chain heads"), default=list)
    origin = models.CharField(_("origin"), max_length=200, blank=True)
    version = models.PositiveSmallIntegerField(_("format version"), default=2)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"checkpoint {self.id} ({self.tree_size} chains)"


class Cosignature(models.Model):
    """A witness's cosignature/v1 on a checkpoint, as the witness posted it."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="cosignatures"
    )
    witness_name = models.CharField(_("witness"), max_length=200)
    signed_at = models.DateTimeField(_("cosigned at"))
    # base64(key id || timestamp || signature): the rest of the note's signature line.
    signature = models.CharField(_("signature"), max_length=200)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cosignature")
        verbose_name_plural = _("cosignatures")
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness_name"], name="one_cosignature_per_witness"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.witness_name} on checkpoint {self.checkpoint_id}"


class WitnessAlarm(models.Model):
    """A witness refused a checkpoint and said why. Shown to the client council."""

    witness_name = models.CharField(_("witness"), max_length=200)
    reason = models.CharField(_("reason"), max_length=40, choices=WitnessRefusal.choices)
    detail = models.TextField(_("detail"), blank=True)
    tree_size = models.PositiveBigIntegerField(_("tree size"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("witness alarm")
        verbose_name_plural = _("witness alarms")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.witness_name}: {self.reason}"


class ResidentReference(models.Model):
    """An opaque handle for one resident, valid for one department only.

    Random per (resident, department), so two departments cannot correlate their residents,
    and it carries no user id, BSN or vault id. Created when the department first needs it.
    """

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.CASCADE, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident reference")
        verbose_name_plural = _("resident references")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "resident"], name="one_reference_per_department"
            ),
        ]

    def __str__(self) -> str:
        return self.reference
