from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.constants import Role


class GroupMapping(models.Model):
    """A group in the staff provider's groups claim, and what it gives in Datameent.

    Edited in the admin. At every staff login the user's role and department memberships are
    set from the mappings of the groups the claim carries; a group gone from the claim ends
    its membership at once."""

    group = models.CharField(
        _("groep"),
        max_length=200,
        unique=True,
        help_text=_("De waarde zoals de identiteitsprovider die in de groepenclaim stuurt."),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afdeling"),
    )

    class Meta:
        verbose_name = _("groep van de identiteitsprovider")
        verbose_name_plural = _("groepen van de identiteitsprovider")
        ordering = ["group"]

    def __str__(self) -> str:
        return self.group


class ExternalIdentity(models.Model):
    """Which account a staff provider's subject (`sub`) logs in to. Residents need none:
    they are found by the keyed hash of their BSN, as their vault holds it."""

    provider = models.CharField(_("provider"), max_length=20)
    subject = models.CharField(_("subject"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("externe identiteit")
        verbose_name_plural = _("externe identiteiten")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_account_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
