from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    CASEWORKER = "caseworker", _("Medewerker van de gemeente")
    COUNCIL = "council", _("Lid van de cliëntenraad")
    ADMIN = "admin", _("Functioneel beheerder")
