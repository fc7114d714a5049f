from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    CASEWORKER = "caseworker", _("Medewerker van de gemeente")
    COUNCIL = "council", _("Lid van de cliëntenraad")
    ADMIN = "admin", _("Functioneel beheerder")
    # Functionaris gegevensbescherming: investigates residents' objections and misuse alerts.
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    # Registers parents, guardians and court measures; a second registrar confirms.
    REGISTRAR = "registrar", _("Medewerker vertegenwoordiging")


# A browser's own token, so a resident's next login from it is recognised (only its hash is
# stored). Long-lived: 400 days, browsers' cap.
BROWSER_COOKIE = "datameent_browser"
BROWSER_COOKIE_AGE = 400 * 24 * 3600
