from django.utils.translation import gettext_lazy as _
from rest_framework import status

from datameent.api import DomainError, NotFound


class ObjectionNotFound(NotFound):
    """Unknown, someone else's, or not for this role: always the same answer."""

    code = "objection_not_found"
    default_detail = _("Deze melding bestaat niet.")  # type: ignore[assignment]


class EntryNotFound(NotFound):
    code = "entry_not_found"
    default_detail = _("Deze regel staat niet in uw logboek.")  # type: ignore[assignment]


class AlreadyObjected(DomainError):
    code = "already_objected"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("U heeft over deze regel al een melding gedaan.")  # type: ignore[assignment]


class TextTooLong(DomainError):
    code = "text_too_long"
    default_detail = _("De tekst is te lang.")  # type: ignore[assignment]


class TextRequired(DomainError):
    code = "text_required"
    default_detail = _("Schrijf een vraag of een antwoord.")  # type: ignore[assignment]


class StepNotAllowed(DomainError):
    """The step does not fit where the objection stands (closed, not asked, ...)."""

    code = "step_not_allowed"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Dit kan nu niet bij deze melding.")  # type: ignore[assignment]


class NoTeam(DomainError):
    code = "no_team"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Bij deze regel hoort geen team om iets te vragen.")  # type: ignore[assignment]
