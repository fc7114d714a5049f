import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vault.constants import Category, Provenance, VaultState


class Vault(models.Model):
    """One per resident. Holds the resident's data key, wrapped, and the keyed BSN hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault"
    )
    bsn_hash = models.CharField(_("BSN hash"), max_length=64, unique=True, null=True, blank=True)
    kek_id = models.CharField(_("key-encryption key id"), max_length=64, blank=True)
    wrapped_dek = models.BinaryField(_("wrapped data key"), null=True, editable=False)
    dek_generation = models.PositiveIntegerField(default=1, editable=False)
    state = models.CharField(max_length=10, choices=VaultState.choices, default=VaultState.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vault")
        verbose_name_plural = _("vaults")
        indexes = [models.Index(fields=["kek_id"])]

    def __str__(self) -> str:
        return f"vault {self.id}"


class Record(models.Model):
    """A record's current version. Title, content and document are ciphertext only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="records")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    version = models.PositiveIntegerField(default=1)
    ciphertext = models.BinaryField(editable=False)
    document_ciphertext = models.BinaryField(null=True, editable=False)
    provenance = models.CharField(max_length=20, choices=Provenance.choices)
    source_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erase_after = models.DateField(_("erase after"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["vault", "category"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} record {self.id}"


class RecordVersion(models.Model):
    """An earlier version of a record, kept encrypted exactly as it was sealed."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    category = models.CharField(max_length=20, choices=Category.choices)
    ciphertext = models.BinaryField(editable=False)
    document_ciphertext = models.BinaryField(null=True, editable=False)
    provenance = models.CharField(max_length=20, choices=Provenance.choices)
    source_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="unique_record_version"),
        ]

    def __str__(self) -> str:
        return f"version {self.version} of {self.record_id}"


class KeyActivation(models.Model):
    """When a key-encryption key became the one that wraps new data keys; the latest wins.

    Written only by ``rotate_keyring``, after every process said it holds the key (through
    /readyz). So a process that already lists a new key first keeps wrapping under the
    active one, and no process ever meets a data key wrapped under a key it lacks.
    """

    kek_id = models.CharField(_("key-encryption key id"), max_length=64)
    activated_at = models.DateTimeField(_("activated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("key activation")
        verbose_name_plural = _("key activations")
        ordering = ["-activated_at", "-id"]

    def __str__(self) -> str:
        return self.kek_id
