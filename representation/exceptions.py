from django.utils.translation import gettext_lazy as _

from datameent.api import DomainError, Forbidden, NotFound


class RepresentationError(DomainError):
    code = "representation_invalid"
    default_detail = _("Deze vertegenwoordiging kan niet.")


class NotARegistrar(Forbidden):
    code = "not_a_registrar"
    default_detail = _("Alleen een medewerker die vertegenwoordigingen inschrijft mag dit.")


class FourEyes(Forbidden):
    code = "four_eyes"
    default_detail = _("Een tweede medewerker moet dit bevestigen, niet uzelf.")


class NotAllowed(Forbidden):
    """The representation selector said no; ``code`` is its reason."""

    code = "not_allowed"
    default_detail = _("U mag dit niet doen namens deze persoon.")


class RelationNotFound(NotFound):
    code = "relation_not_found"
    default_detail = _("Deze vertegenwoordiging bestaat niet.")
