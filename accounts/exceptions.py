from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from datameent.errors import Forbidden


class ResidentProtected(Forbidden, PermissionDenied):
    """Staff tried to take over or silence a resident's account.

    A resident's password, login, active state and role are theirs alone: no admin, command
    or service may set them. Residents leave through their own erasure (docs/operations.md).
    """

    # PermissionDenied too, so a page (the admin) answers 403 rather than 500.
    code = "resident_protected"
    default_detail = _(
        "Dit is het account van een inwoner. Alleen de inwoner zelf kan het wachtwoord, de "
        "gebruikersnaam of de toegang veranderen. Een inwoner vertrekt door zelf te wissen."
    )
