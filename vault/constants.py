from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The fixed catalogue of record categories. Consent is given per category."""

    IDENTITY = "identity", _("Identiteit en contact")
    HOUSEHOLD = "household", _("Huishouden")
    INCOME = "income", _("Inkomen")
    DEBTS = "debts", _("Schulden")
    HOUSING = "housing", _("Wonen")
    HEALTH = "health", _("Gezondheid en zorgbehoefte")
    WORK = "work", _("Werk en meedoen")
    YOUTH = "youth", _("Jeugd en gezin")
    DOCUMENTS = "documents", _("Documenten")


class Provenance(models.TextChoices):
    RESIDENT = "resident", _("Ingevoerd door de inwoner")
    ORGANISATION = "organisation", _("Aangeleverd door een organisatie")
    # Who and in which capacity: representation's record of the act (issue 11).
    REPRESENTATIVE = "representative", _("Ingevoerd door een vertegenwoordiger")


class VaultState(models.TextChoices):
    ACTIVE = "active", _("In gebruik")
    # The data key is already destroyed; the rows are being removed.
    ERASING = "erasing", _("Wordt gewist")


DOCUMENT_CONTENT_TYPES = {"application/pdf", "image/png", "image/jpeg"}
