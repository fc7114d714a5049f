"""Email for one event and for digests: Dutch first, English below, a link to the portal.

No free text of a caseworker ever goes into a mail, only what the system itself says.
"""

import smtplib
from collections.abc import Sequence
from dataclasses import replace
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.constants import Channel, Kind
from notifications.exceptions import EmailNotSent
from notifications.links import access_entry_url
from notifications.messages import Message, message_render
from notifications.models import InboxEntry

# Until the resident chooses her language, her mail is Dutch with English below.
LANGUAGES = ("nl", "en")


def portal_link(path: str) -> str:
    """An address in the portal, under the one configured public address."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _links(*, entries: Sequence[InboxEntry], digest: bool) -> dict[str, str]:
    """Only paths and the entry's id: no personal data in a link."""
    if digest:
        read = reverse("notifications-portal:inbox")
    else:
        read = reverse("notifications-portal:entry", kwargs={"entry_id": entries[0].id})
    links = {
        "portal_url": portal_link(read),
        "settings_url": portal_link(reverse("notifications-portal:settings")),
    }
    if not digest and entries[0].kind in (Kind.ACCESS, Kind.REFUSED_ACCESS):
        # The log entry the mail is about: its page, by the entry's id only.
        links["entry_url"] = portal_link(access_entry_url(entries[0]))
    return links


def _section(*, language: str, entries: Sequence[InboxEntry], channel: str) -> dict[str, Any]:
    with translation.override(language):
        return {
            "language": language,
            "subject": _subject_part(entries=entries, channel=channel),
            "messages": [_message(entry) for entry in entries],
        }


def _message(entry: InboxEntry) -> Message:
    """The message without the caseworker's own words: they could hold a link (phishing) or
    anything else. The mail says where to read them; the portal shows them as plain text."""
    context = {key: value for key, value in entry.context.items() if key != "reason"}
    message = message_render(kind=entry.kind, context=context, occurred_at=entry.occurred_at)
    if not entry.context.get("reason"):
        return message
    why = (_("Waarom"), _("Log in op Datameent om te zien wie het was en waarom."))
    return replace(message, lines=[*message.lines, why])


def _subject_part(*, entries: Sequence[InboxEntry], channel: str) -> str:
    if channel == Channel.DAILY:
        return _("uw berichten van de afgelopen dag")
    if channel == Channel.WEEKLY:
        return _("uw berichten van de afgelopen week")
    entry = entries[0]
    return message_render(
        kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at
    ).title


def entry_message_id(entry: InboxEntry) -> str:
    """The mail's Message-ID names its inbox entry: one entry, one Message-ID, so a copy
    would show itself as a duplicate (and mail clients fold duplicates into one)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "datameent.local"
    return f"<notification.{entry.id}@{domain}>"


def email_send(
    *,
    to: str,
    entries: Sequence[InboxEntry],
    channel: str,
    language: str = "",
    message_id: str | None = None,
) -> None:
    """One event (channel ``email``) or a digest of several (``daily``/``weekly``), in the
    resident's ``language``, or in Dutch with English below while she has not chosen one.

    Raises ``EmailNotSent`` when the mail certainly did not go out: the server could not be
    reached or answered with an error. Any other error (a connection lost mid-send) leaves
    it unknown whether the server took the mail.
    """
    languages = (language,) if language in LANGUAGES else LANGUAGES
    sections = [_section(language=code, entries=entries, channel=channel) for code in languages]
    digest = channel in (Channel.DAILY, Channel.WEEKLY)
    context = {"sections": sections, "digest": digest, **_links(entries=entries, digest=digest)}
    subject = "Datameent: " + " / ".join(section["subject"] for section in sections)
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string("notifications/email.txt", context),
        to=[to],
        headers={"Message-ID": message_id} if message_id else None,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    _deliver(message)


# The server answered with an error code, or refused every recipient: it took nothing.
_REFUSED = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


def _deliver(message: EmailMultiAlternatives) -> None:
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        raise EmailNotSent(type(error).__name__) from error
    try:
        connection.send_messages([message])
    except _REFUSED as error:
        raise EmailNotSent(type(error).__name__) from error
    finally:
        _close_quietly(connection)


def _close_quietly(connection: BaseEmailBackend) -> None:
    # The mail was accepted or refused by now; a failing QUIT changes neither.
    try:
        connection.close()
    except (OSError, smtplib.SMTPException):
        pass
