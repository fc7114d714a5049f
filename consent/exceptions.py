from django.utils.translation import gettext_lazy as _
from rest_framework import status

from datameent.api import DomainError, Forbidden, NotFound


class ConsentError(DomainError):
    pass


class PurposeNotFound(NotFound):
    code = "purpose_not_found"
    default_detail = _("Dit doel bestaat niet.")


class GrantNotFound(NotFound):
    code = "grant_not_found"
    default_detail = _("Deze toestemming bestaat niet.")


class AccessRequestNotFound(NotFound):
    code = "access_request_not_found"
    default_detail = _("Dit verzoek bestaat niet.")


class InvalidCategories(ConsentError):
    code = "invalid_categories"
    default_detail = _("Deze soorten gegevens passen niet bij het doel.")


class InvalidPeriod(ConsentError):
    code = "invalid_period"
    default_detail = _("Deze periode kan niet.")


class InvalidPurpose(ConsentError):
    code = "invalid_purpose"
    default_detail = _("Dit doel is niet volledig of niet juist ingevuld.")


class GrantAlreadyRevoked(ConsentError):
    code = "already_revoked"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Deze toestemming is al ingetrokken.")


class RequestNotOpen(ConsentError):
    code = "request_not_open"
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Dit verzoek is al beantwoord of verlopen.")


class NotAResident(Forbidden):
    code = "not_a_resident"
    default_detail = _("Alleen inwoners kunnen toestemming geven.")


class NotACaseworker(Forbidden):
    code = "not_a_caseworker"
    default_detail = _("Alleen medewerkers van de gemeente kunnen een verzoek doen.")


class NotAMember(Forbidden):
    code = "not_a_member_of_department"
    default_detail = _("U werkt niet bij de afdeling waar dit doel bij hoort.")


class FactsNotRead(Exception):
    """A read's decision was asked over facts consent did not read itself (built by hand,
    copied, or about another caseworker or purpose). A bug or an attack: never a 4xx."""
