import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.constants import Channel, DigestChoice, EmailState, Kind


class OutboxMessage(models.Model):
    """A side effect recorded in the same transaction as its cause, delivered after commit.

    The payload holds ids, codes and short metadata only; the broker carries just the id.
    """

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # Erasing a resident removes their messages; SET_NULL covers a message caught mid-way.
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_id = models.CharField(_("bron"), max_length=100)
    payload = models.JSONField(_("inhoud (ids en codes)"), default=dict)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("laatst aan de wachtrij gegeven"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        constraints = [
            # One event, one message: a source reported twice is recorded once.
            models.UniqueConstraint(fields=["kind", "source_id"], name="outbox_one_per_source"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(delivered_at__isnull=True),
                name="outbox_undelivered",
            ),
            # The relay's claim: pending rows by id, however large the table grows.
            models.Index(
                fields=["id"], condition=Q(dispatched_at__isnull=True), name="outbox_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class InboxEntry(models.Model):
    """What the resident sees. The text is rendered when shown, in the reader's language."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_entries"
    )
    # The unique link makes delivery idempotent: a second delivery cannot add a second entry.
    outbox_message = models.OneToOneField(
        OutboxMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_entry",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The channel chosen when the entry arrived; digests collect on this.
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    context = models.JSONField(_("gegevens over de gebeurtenis"), default=dict)
    occurred_at = models.DateTimeField(_("gebeurd op"))
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-occurred_at", "-created_at"]
        indexes = [
            models.Index(fields=["resident", "-occurred_at"], name="inbox_resident_recent"),
            models.Index(fields=["channel", "created_at"], name="inbox_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.resident_id}"


class EmailDelivery(models.Model):
    """The e-mail for one inbox entry, sent at most once.

    The claim (``sending``) is committed on its own before the mail server is contacted, and
    the result (``sent`` or ``failed``) is recorded after. A claim found again by a retry, a
    redelivered task or the sweep is never sent again: if its worker stopped between the send
    and the record, the mail may or may not have gone out, and the claim stays ``sending``
    (listed as unknown by ``selectors.email_deliveries_unknown``).
    """

    # One e-mail per entry, enforced by the database.
    inbox_entry = models.OneToOneField(
        InboxEntry, on_delete=models.CASCADE, related_name="email_delivery"
    )
    state = models.CharField(_("status"), max_length=10, choices=EmailState.choices)
    attempts = models.PositiveIntegerField(_("pogingen"), default=1)
    claimed_at = models.DateTimeField(_("geclaimd op"))
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    # The error's class name only: no addresses or server replies with personal data.
    error = models.CharField(_("fout"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("e-mailbezorging")
        verbose_name_plural = _("e-mailbezorgingen")
        indexes = [
            models.Index(
                fields=["claimed_at"],
                condition=Q(state=EmailState.SENDING),
                name="email_delivery_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} for {self.inbox_entry_id}"


class NotificationPreference(models.Model):
    """A resident's choice of channel for one kind. Without a row the default applies."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("berichtvoorkeur")
        verbose_name_plural = _("berichtvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["resident", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class DigestPreference(models.Model):
    """How often the resident's overview mail comes. Kept on its own, so the choice stays
    while no kind of message goes to the overview mail."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=DigestChoice.choices)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("voorkeur overzichtsmail")
        verbose_name_plural = _("voorkeuren overzichtsmail")

    def __str__(self) -> str:
        return self.channel


class DigestRun(models.Model):
    """A digest sent for one period. Its uniqueness makes the digest jobs idempotent."""

    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    period_start = models.DateTimeField(_("begin van de periode"))
    period_end = models.DateTimeField(_("einde van de periode"))
    entry_count = models.PositiveIntegerField(_("aantal berichten"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    # "sending": claimed and committed before the send; "sent" once the server took it. A
    # claim still "sending" after a crash is never sent again (at most once).
    state = models.CharField(
        _("stand"), max_length=10, choices=EmailState.choices, default=EmailState.SENT
    )

    class Meta:
        verbose_name = _("overzichtsmail")
        verbose_name_plural = _("overzichtsmails")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "channel", "period_start"], name="one_digest_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} digest from {self.period_start:%Y-%m-%d}"
