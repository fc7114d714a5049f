from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What happened. The resident chooses a channel per kind."""

    ACCESS = "access", _("Iemand heeft uw gegevens bekeken")
    REFUSED_ACCESS = "refused_access", _("Iemand mocht uw gegevens niet bekijken")
    ACCESS_REQUEST = "access_request", _("Iemand vraagt om uw toestemming")
    GRANT_EXPIRING = "grant_expiring", _("Uw toestemming stopt binnenkort")
    GRANT_EXPIRED = "grant_expired", _("Uw toestemming is gestopt")
    NEW_BROWSER = "new_browser", _("Iemand logde in vanuit een nieuwe browser")
    OBJECTION = "objection", _("Nieuws over uw melding 'Dit klopt niet'")
    REPRESENTATION = "representation", _("Er is iemand ingeschreven die namens u mag handelen")
    ON_BEHALF = "on_behalf", _("Iemand heeft iets namens u gedaan")
    REVIEW_GRANTS = "review_grants", _("U bent 16: kijk uw toestemmingen na")
    REPRESENTED_REQUEST = (
        "represented_request",
        _("Er is een verzoek voor iemand namens wie u handelt"),
    )


class EmailState(models.TextChoices):
    """An e-mail is claimed (``sending``) in its own commit before the send; its result after."""

    SENDING = "sending", _("wordt verstuurd")
    SENT = "sent", _("verstuurd")
    FAILED = "failed", _("mislukt")


class Channel(models.TextChoices):
    """Every channel also puts the message in the inbox."""

    INBOX = "inbox", _("Alleen in Datameent")
    EMAIL = "email", _("Meteen een e-mail")
    DAILY = "daily", _("Eén e-mail per dag")
    WEEKLY = "weekly", _("Eén e-mail per week")


class EmailChoice(models.TextChoices):
    """The settings page's words for a channel: e-mail off, at once, or in the digest."""

    OFF = "off", _("Geen e-mail")
    NOW = "now", _("Meteen een e-mail")
    DIGEST = "digest", _("In de overzichtsmail")


class DigestChoice(models.TextChoices):
    DAILY = Channel.DAILY.value, _("Elke dag")
    WEEKLY = Channel.WEEKLY.value, _("Elke week")


# A request for consent waits for an answer, so it is mailed at once; the rest is
# collected in one daily mail so a busy week of casework does not flood the resident.
DEFAULT_CHANNELS: dict[str, str] = {
    Kind.ACCESS: Channel.DAILY,
    Kind.REFUSED_ACCESS: Channel.DAILY,
    Kind.ACCESS_REQUEST: Channel.EMAIL,
    Kind.GRANT_EXPIRING: Channel.DAILY,
    Kind.GRANT_EXPIRED: Channel.DAILY,
    # If it was not the resident, they should hear at once.
    Kind.NEW_BROWSER: Channel.EMAIL,
    # She asked for it herself and may be waiting for the answer.
    Kind.OBJECTION: Channel.EMAIL,
    # Someone may now act for her: she must be able to object at once.
    Kind.REPRESENTATION: Channel.EMAIL,
    Kind.ON_BEHALF: Channel.DAILY,
    Kind.REVIEW_GRANTS: Channel.EMAIL,
    # Someone she acts for waits for her answer, as with her own requests.
    Kind.REPRESENTED_REQUEST: Channel.EMAIL,
}
DIGEST_CHANNELS = (Channel.DAILY, Channel.WEEKLY)

# Keys a notification may carry: ids, codes and short metadata, never vault data.
CONTEXT_KEYS = frozenset(
    {
        "actor_id",
        "department",
        "purpose",
        "purpose_name_nl",
        "purpose_name_en",
        "categories",
        "reason",
        # Why an attempt was refused: a code of consent.constants.REFUSAL_WORDS.
        "refusal",
        "occurred_at",
        "expires_at",
        "grant_id",
        "request_id",
        "access_log_id",
        # A login from a new browser: the family names and the coarse network (/24, /48).
        "browser",
        "system",
        "network",
        # A step of her objection (objections app): its id and its status in both languages.
        "objection_id",
        "status_nl",
        "status_en",
        # Representation: the relation's kind (the capacity someone acted in) and the act.
        "capacity",
        "action",
    }
)
# ISO 8601 with a time zone.
CONTEXT_MOMENTS = ("occurred_at", "expires_at")
CONTEXT_MAX_TEXT = 200
CONTEXT_MAX_ITEMS = 20

# A message whose hand-over after commit failed is handed over by the next sweep once it
# is this old (the sweep runs every 30 seconds), so it waits at most about 40 seconds.
OUTBOX_SWEEP_AFTER = timedelta(seconds=10)
# A message already handed over is handed over again after this long: the broker may have
# lost it, or a worker died with it. A worker that is merely slow then gets a second copy,
# which does nothing: the row lock and the e-mail claim make delivery idempotent.
OUTBOX_REDISPATCH_AFTER = timedelta(minutes=2)
OUTBOX_SWEEP_BATCH = 2000
# The relay claims and publishes this many pending messages at a time.
OUTBOX_RELAY_BATCH = 500
# How long a relay sleeps without a NOTIFY (the fallback poll, and SQLite with a broker).
OUTBOX_RELAY_POLL_SECONDS = 1.0
# The channel of the outbox trigger's NOTIFY (migration 0008).
OUTBOX_CHANNEL = "datameent_outbox"
# An e-mail the mail server refused or could not take is tried this often in all (task
# retries and sweeps together), then recorded as failed; the inbox entry is there anyway.
EMAIL_MAX_ATTEMPTS = 6
# A claim on an e-mail with no result after this long is "unknown": the worker stopped
# between the send and recording it. Well above the SMTP timeout (settings.EMAIL_TIMEOUT).
EMAIL_UNKNOWN_AFTER = timedelta(minutes=10)
OUTBOX_RETENTION = timedelta(days=30)
GRANT_WARNING_AHEAD = timedelta(days=14)
# A digest run also sends what earlier runs, up to this many periods back, did not.
DIGEST_CATCH_UP = 3

# The delivery task's name in Celery's registry (notifications.tasks), for the relay.
DELIVER_TASK = "notifications.tasks.deliver_outbox_message"
