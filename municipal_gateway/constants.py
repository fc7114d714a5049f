from django.db import models
from django.utils.translation import gettext_lazy as _

from consent.constants import REFUSAL_WORDS

# Every read through the gateway rests on the resident's consent (W3C DPV term).
LEGAL_BASIS_CONSENT = "dpv:Consent"

# prev_hash of the first entry of every chain.
GENESIS_HASH = "0" * 64

# Domain separation: a hash made for one purpose can never be passed off as another.
ENTRY_HASH_DOMAIN = b"datameent/access-log/entry/v1\x00"
SUBJECT_ID_DOMAIN = b"datameent/access-log/subject/v1\x00"
ENCODING_VERSION = 1

# Attempts about nobody we know still land in a chain, one per caseworker, so that these
# refusals are counted without one global chain head that every such attempt would queue on.
UNKNOWN_RESIDENT_SUBJECT_PREFIX = "unknown-resident:"

MAX_STATED_REASON_LENGTH = 1000


class Operation(models.TextChoices):
    """What the caseworker tried to do. Also the Logboek Dataverwerkingen ``name``."""

    RECORDS_READ = "records.read", _("Gegevens bekijken")
    RESIDENT_LOOKUP = "residents.lookup", _("Inwoner opzoeken")


# The login method of a caseworker who read with a case system's API token.
API_TOKEN = "api_token"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    REFUSED = "refused", _("Geweigerd")
    # Consent allowed it, but the vault could not be opened: nothing was shown.
    ERROR = "error", _("Mislukt")


class Reason(models.TextChoices):
    """Reason codes. All but the last three come from the consent decision. Their words are
    ``consent.constants.REFUSAL_WORDS``, the same wherever a refusal is shown."""

    ALLOWED = "allowed", _("Toegestaan")
    NO_GRANT = "no_grant", REFUSAL_WORDS["no_grant"]
    REVOKED = "revoked", REFUSAL_WORDS["revoked"]
    EXPIRED = "expired", REFUSAL_WORDS["expired"]
    NOT_YET_VALID = "not_yet_valid", REFUSAL_WORDS["not_yet_valid"]
    CATEGORY_NOT_COVERED = "category_not_covered", REFUSAL_WORDS["category_not_covered"]
    PURPOSE_NOT_FOR_DEPARTMENT = (
        "purpose_not_for_department",
        REFUSAL_WORDS["purpose_not_for_department"],
    )
    NOT_A_MEMBER_OF_DEPARTMENT = (
        "not_a_member_of_department",
        REFUSAL_WORDS["not_a_member_of_department"],
    )
    UNKNOWN_RESIDENT = "unknown_resident", REFUSAL_WORDS["unknown_resident"]
    INVALID_INPUT = "invalid_input", REFUSAL_WORDS["invalid_input"]
    VAULT_UNAVAILABLE = "vault_unavailable", REFUSAL_WORDS["vault_unavailable"]


class FindingKind(models.TextChoices):
    """What verification can find wrong in a chain or a checkpoint."""

    ALTERED = "altered", _("Regel is veranderd")
    REMOVED = "removed", _("Regel is verwijderd")
    INSERTED = "inserted", _("Regel is toegevoegd")
    REORDERED = "reordered", _("Regel is verplaatst")
    TRUNCATED = "truncated", _("Laatste regels zijn verwijderd")
    HEAD_MISMATCH = "head_mismatch", _("Kop van de keten klopt niet")
    CHECKPOINT_INVALID = "checkpoint_invalid", _("Controlepunt klopt niet")
    WITNESS_REFUSED = "witness_refused", _("Getuige weigerde het logboek")


class WitnessRefusal(models.TextChoices):
    """Why a witness refused a checkpoint (docs/transparency.md). Read by the council."""

    MALFORMED = "malformed", _("het controlepunt was niet te lezen")
    BAD_SIGNATURE = "bad_signature", _("de handtekening van de gemeente klopte niet")
    WRONG_ORIGIN = "wrong_origin", _("het controlepunt was van een ander logboek")
    SHRUNK = "shrunk", _("het logboek was kleiner geworden")
    REPLAYED = "replayed", _("de gemeente liet een oud controlepunt opnieuw zien")
    SPLIT_VIEW = "split_view", _("de gemeente liet twee verschillende logboeken zien")
    INCONSISTENT = "inconsistent", _("het nieuwe logboek past niet bij het oude")
