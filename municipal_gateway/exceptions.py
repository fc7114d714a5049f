from django.utils.translation import gettext_lazy as _
from rest_framework import status

from consent.constants import ReasonCode
from datameent.api import DomainError, Forbidden, NotFound


class CheckpointNotFound(NotFound):
    code = "checkpoint_not_found"
    default_detail = _("Er is nog geen controlepunt van het logboek.")  # type: ignore[assignment]


class ResidentNotFound(NotFound):
    """Unknown, another department's, or no running grant: always the same answer."""

    code = "resident_not_found"
    default_detail = _("Wij kunnen deze inwoner niet vinden.")  # type: ignore[assignment]


class PurposeRequired(DomainError):
    code = "purpose_required"
    default_detail = _("Geef het doel op (parameter 'purpose').")  # type: ignore[assignment]


class ReasonRequired(DomainError):
    code = "reason_required"
    default_detail = _(  # type: ignore[assignment]
        "Geef een reden of een zaaknummer op (X-Reason of X-Case-Reference)."
    )


class ReasonTooLong(DomainError):
    code = "reason_too_long"
    default_detail = _(  # type: ignore[assignment]
        "De reden is te lang. De inwoner leest hem: schrijf hem in hoogstens 200 tekens."
    )


class AccessRefused(Forbidden):
    """Consent does not cover this read. The code is the reason of the consent decision."""

    def __init__(self, *, reason: str) -> None:
        label = ReasonCode(reason).label if reason in ReasonCode.values else None
        super().__init__(str(label) if label else None, code=reason)


class AccessLogUnavailable(DomainError):
    """The attempt could not be logged, so nothing was read."""

    code = "access_log_unavailable"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _(  # type: ignore[assignment]
        "Het logboek werkt nu niet. Daarom zijn er geen gegevens getoond. Probeer het later."
    )


class UnknownWitness(DomainError):
    code = "unknown_witness"
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Deze getuige is bij dit logboek niet bekend.")  # type: ignore[assignment]


class InvalidCosignature(DomainError):
    code = "invalid_signature"
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("De handtekening van de getuige klopt niet.")  # type: ignore[assignment]


class InvalidNote(DomainError):
    code = "invalid_note"
    default_detail = _("Dit is geen geldig ondertekend controlepunt.")  # type: ignore[assignment]


class ProofUnavailable(NotFound):
    code = "proof_unavailable"
    default_detail = _(  # type: ignore[assignment]
        "Voor deze boomgroottes is er geen bewijs: ze zijn niet allebei gepubliceerd."
    )
